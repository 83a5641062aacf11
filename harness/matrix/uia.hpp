// User-interactive authentication (client-server API, "User-interactive authentication API"),
// the one implementation for every request mxconform must authorise this way (registration,
// device deletion; issue #9 part 3). The server answers 401 with the flows it accepts; the
// harness picks a flow whose every stage it can complete and retries the same request once per
// stage, with the server's `session` when it gave one and without when it did not.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "matrix/client.hpp"

namespace mxc::matrix {

// The server's 401 is no challenge mxconform can answer: one line naming what it offered.
struct uia_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Who answers the stages. m.login.dummy needs nothing; m.login.password needs both members
// (password empty: unknown, so that stage cannot be completed).
struct uia_identity {
    std::string user_id;
    std::string password;
};

// One attempt of the request: without `auth` first, then with the auth dict of each stage.
using uia_attempt = std::function<reply(const std::optional<json>& auth)>;

// Sends the request and answers its user-interactive auth: at most one attempt per stage of
// the chosen flow after the first. Returns the last answer (a 200, or whatever the server said
// to a completed stage; the caller judges it). Throws uia_error, starting with `what`
// ("device deletion"), when a 401 offers no flows or no flow mxconform can complete.
reply with_user_interactive_auth(const std::string& what, const uia_identity& who,
                                 const uia_attempt& attempt);

}  // namespace mxc::matrix
