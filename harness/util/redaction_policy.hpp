// What a report must never show, as data. The layer that knows the protocol says what its
// credentials look like (matrix::redaction_policy); the reporters apply it to everything they
// print without knowing any protocol (DESIGN.md: "what to redact is handed to it").
#pragma once

#include <string>
#include <vector>

namespace mxc::util {

struct redaction_policy {
    // JSON members whose scalar value is a secret, wherever they occur in a text.
    std::vector<std::string> json_keys;
    // Query parameters whose value is a secret (after '?' or '&').
    std::vector<std::string> query_params;
    // Words after which the next token is a secret, in any text ("Bearer ").
    std::vector<std::string> token_prefixes;
    // Header names (any letter case) whose whole value is a secret...
    std::vector<std::string> secret_headers;
    // ...unless the value starts with one of these (any letter case): not a credential.
    std::vector<std::string> kept_header_values;
};

}  // namespace mxc::util
