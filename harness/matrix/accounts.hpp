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
