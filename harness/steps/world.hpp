// The state of one running case: its actors (devices of fresh users), its variables, and
// the HTTP calls they make, each recorded in the transcript and checked against specs/.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/case_run.hpp"
#include "matrix/client.hpp"
#include "steps/environment.hpp"

namespace mxc::steps {

struct actor {
    std::string name;
    account acc;
    std::unique_ptr<matrix::client> client;
};

class world {
  public:
    world(core::case_run& run, environment& env);

    core::case_run& run() { return run_; }
    environment& env() { return env_; }

    // A fresh user with one device, known as `name` (and ${name}, ${name.device}).
    actor& create(const std::string& name);
    // Another device of `existing`'s user, known as `name`.
    actor& login_as(const std::string& existing, const std::string& name,
                    const std::string& device_id = {});
    actor& get(const std::string& name);

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

  private:
    actor& add_actor(const std::string& name, const std::function<account(matrix::client&)>& make);
    matrix::exchange_observer observer(bool* malformed_flag);
    void record(const matrix::exchange& ex);

    core::case_run& run_;
    environment& env_;
    std::map<std::string, std::unique_ptr<actor>> actors_;
    mutable std::mutex vars_mutex_;
    std::map<std::string, json> vars_;
};

}  // namespace mxc::steps
