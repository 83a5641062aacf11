// What in Matrix traffic is a credential, in one place: the client's transcripts and the
// reporters' last line of defence both redact from this list (issue #8: the two lists had
// drifted apart).
#pragma once

#include <array>
#include <string_view>

#include "util/redaction_policy.hpp"

namespace mxc::matrix {

// access_token, refresh_token, password, new_password, mac (the HMAC of shared-secret
// registration) and registration_shared_secret. Not nonce: it is public and single-use.
inline constexpr std::array<std::string_view, 6> secret_keys = {
    "access_token", "refresh_token", "password",
    "new_password", "mac",           "registration_shared_secret"};

bool is_secret_key(std::string_view key);

// The client-server API still accepts the token as a query parameter.
inline constexpr std::string_view access_token_param = "access_token";

// The reporters' policy: the keys above, the access_token parameter, Bearer tokens and the
// usual credential headers. An Authorization header of the X-Matrix scheme (server-server
// API, "Request Authentication") is a signature over one request, not a credential: it stays,
// so a transcript shows what a server signed and for whom.
util::redaction_policy redaction_policy();

// The secret ledger (issue #12): a test that scans every report and log line for the secrets a
// run used must know their values. With the environment variable MXC_SECRET_LEDGER naming a
// file, each distinct secret is appended to it as "kind<TAB>value" the moment the harness meets
// it: a credential the client sends or receives under a key above (where it is redacted), a
// Bearer token, the registration shared secret and the seed of a generated signing key (base64).
// Without the variable this does nothing.
inline constexpr const char* secret_ledger_env = "MXC_SECRET_LEDGER";
void note_secret(std::string_view kind, std::string_view value);

}  // namespace mxc::matrix
