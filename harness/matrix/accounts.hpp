// Account provisioning on a target homeserver: making a user with its first device by the
// strategy of `--register` (matrix::registration), and logging in a further device. Every
// request goes through the caller's matrix::client, so it reaches that client's observer (a
// case's transcript). It knows nothing of cases: trouble is a provisioning_error, which the
// caller turns into whatever its layer reports.
#pragma once

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "matrix/client.hpp"
#include "matrix/registration.hpp"

namespace mxc::matrix {

struct account {
    std::string user_id;
    std::string device_id;
    std::string access_token;
    std::string password;  // empty when unknown (a tokens file without one)
};

// The target refused, or answered something an account cannot be read from.
struct provisioning_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What draining an account's device found (issue #9 part 6).
struct drain_result {
    int messages = 0;    // to-device events listed (and so acknowledged) on the way
    int syncs = 0;       // /sync responses read
    bool empty = false;  // whether it ended on a response that lists none
};

class provisioner {
  public:
    // prefix is the client API version path segment (r0 or v3). With registration::tokens the
    // file is read here: throws std::runtime_error "file:line:column: ..." when it is malformed.
    provisioner(registration how, std::string prefix, std::chrono::milliseconds request_timeout);

    // A new user with one device. localpart is the one to ask for (ignored with a tokens file,
    // whose accounts are handed out in file order, each once). Thread-safe.
    account register_account(client& c, const std::string& localpart);
    // Another device of who's user, by password login; device_id empty: the server picks one.
    account login(client& c, const account& who, const std::string& device_id = {}) const;

    // Whether accounts come from a tokens file: they outlive the run, so each is drained before
    // a case uses it and the devices a case adds to it are logged out afterwards.
    bool reuses_accounts() const { return how_.how == registration::method::tokens; }
    // How many accounts the tokens file holds (0 without one).
    std::size_t file_accounts() const { return tokens_.size(); }
    // Acknowledges every to-device message pending for c's device: /sync with timeout 0,
    // following next_batch, until a response lists none, at most max_responses of them.
    // Throws provisioning_error when a /sync is refused or has no next_batch.
    drain_result drain(client& c, int max_responses = 50) const;
    // POST /logout as `device` (its own token, whatever c's is): the device is deleted.
    reply logout(client& c, const account& device) const;

  private:
    account shared_secret_register(client& c, const std::string& localpart) const;
    account open_register(client& c, const std::string& localpart) const;
    account next_token();
    std::string client_path(const std::string& rest) const;

    registration how_;
    std::string prefix_;
    std::chrono::milliseconds request_timeout_;
    std::mutex tokens_mutex_;
    std::vector<account> tokens_;
    std::size_t next_token_ = 0;
};

}  // namespace mxc::matrix
