// The state of one running case: its actors (devices of fresh users), its variables, and
// the HTTP calls they make, each recorded in the transcript and checked against the API
// definitions.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/case_run.hpp"
#include "matrix/client.hpp"
#include "matrix/mock_remote.hpp"
#include "steps/environment.hpp"

namespace mxc::steps {

struct actor {
    std::string name;
    account acc;
    std::unique_ptr<matrix::client> client;
    // The device a tokens file gave: it must outlive the run (never logged out or deleted).
    bool file_device = false;
};

// No HTTP answer came: the connection ended, or the deadline passed. Harness trouble, unless the
// step observes what the server does (steps/observe.hpp), where that is the behaviour.
struct no_answer : core::harness_error {
    no_answer(const std::string& what, bool timed_out)
        : core::harness_error(what), timed_out(timed_out) {}
    bool timed_out;
};

class world {
  public:
    world(core::case_run& run, environment& env);
    // Logs out the devices the case added to accounts from a tokens file, so the file serves
    // the next run too (issue #9 part 6); narrated, never throws.
    ~world();
    world(const world&) = delete;
    world& operator=(const world&) = delete;

    core::case_run& run() { return run_; }
    environment& env() { return env_; }

    // A fresh user with one device, known as `name` (and ${name}, ${name.device}). An account
    // from a tokens file is drained of to-device messages left by earlier runs first. A case
    // makes at most core::case_def::accounts of them.
    actor& create(const std::string& name);
    // Another device of `existing`'s user, known as `name`.
    actor& login_as(const std::string& existing, const std::string& name,
                    const std::string& device_id = {});
    actor& get(const std::string& name);
    // Throws core::case_unsupported when `device_id` is a tokens file's own device, which a
    // step must not log out or delete: the file would not serve another run.
    void must_not_remove(const std::string& device_id, const std::string& what) const;

    void set(const std::string& name, json value);
    // Replaces ${var} in every string; a string that is exactly "${var}" takes the variable's
    // JSON value (so a number stays a number).
    json substitute(const json& v) const;
    std::string substitute(const std::string& s) const;

    // A call as `who` (null: no token). `malformed` marks a request the case sends invalid on
    // purpose, so the API definitions' objection to it is expected and only noted.
    matrix::reply call(actor* who, net::http::verb method, const std::string& target,
                       const matrix::request_body& body, std::chrono::milliseconds timeout,
                       bool malformed = false, std::function<void()> on_written = {},
                       std::optional<std::string> token_override = std::nullopt);
    // A second connection for `who`, for a long-poll that runs beside other requests.
    std::unique_ptr<matrix::client> extra_client(const actor& who);

    // Mock remote homeservers of this case, by name. start_mock makes and starts one (its
    // server name becomes ${name}); allowed lists path prefixes the target may ask for beyond
    // the mock's routes (matrix::mock_options::allowed).
    matrix::mock_remote& start_mock(const std::string& name, std::vector<std::string> allowed = {});
    matrix::mock_remote& mock(const std::string& name);
    // Records one failed check for every problem the mocks saw in the target's requests since
    // the last call (bad signatures, malformed transactions, unexpected requests, requests the
    // API definitions reject). Returns how many there were.
    int judge_mocks(const std::string& where);
    // Called after the last step: judges what the mocks saw last.
    void finish();
    // Records an exchange the harness made outside matrix::client (federation requests), checked
    // against the API definitions like any other. Returns false when mxconform's own request is
    // invalid (not expected when malformed).
    bool record_exchange(const matrix::exchange& ex);

  private:
    actor& add_actor(const std::string& name, const std::function<account(matrix::client&)>& make);
    matrix::exchange_observer observer(bool* malformed_flag);
    void record(const matrix::exchange& ex);
    void drain(actor& a);
    void log_out_added_devices();

    core::case_run& run_;
    environment& env_;
    std::map<std::string, std::unique_ptr<actor>> actors_;
    int accounts_made_ = 0;
    std::vector<std::string> added_to_file_accounts_;  // actor names, in login order
    mutable std::mutex vars_mutex_;
    std::map<std::string, json> vars_;
    std::mutex mocks_mutex_;
    std::vector<std::string> mock_problems_;
    std::size_t mock_problems_judged_ = 0;
    // Declared last: mocks stop before anything their callbacks write to goes away.
    std::map<std::string, std::unique_ptr<matrix::mock_remote>> mocks_;
};

}  // namespace mxc::steps
