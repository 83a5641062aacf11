// The last line of defence for secrets (DESIGN.md "Access tokens and secrets never appear in
// reports or logs"). Transcripts are redacted where they are recorded; the writers apply these
// rules again to everything they print, so a step that forgets cannot leak. The rules are
// documented in reports/README.md ("Redaction"); keep the two in step.
#pragma once

#include <string>
#include <string_view>

#include "core/transcript.hpp"

namespace mxc::report {

inline constexpr std::string_view redacted_marker = "<redacted>";

// Authorization, Proxy-Authorization, Cookie and Set-Cookie, in any letter case.
bool is_secret_header(std::string_view name);
// Secret header values become <redacted>; every other value goes through redact_text.
core::header_list redact_headers(const core::header_list& headers);

// Applies, to any text (a body, a path, a note, an error message):
// - JSON members whose key is a secret (see is_secret_key) get the value "<redacted>", also
//   inside JSON that is itself escaped in a string, and also when the body was truncated;
// - the value of an access_token query parameter (after '?' or '&') becomes <redacted>;
// - "Bearer <token>" becomes "Bearer <redacted>".
std::string redact_text(std::string_view s);

// access_token, refresh_token, password, new_password, mac (the HMAC of shared-secret
// registration) and registration_shared_secret. Not nonce: it is public and single-use.
bool is_secret_key(std::string_view key);

}  // namespace mxc::report
