// The last line of defence for secrets (DESIGN.md "Access tokens and secrets never appear in
// reports or logs"). Transcripts are redacted where they are recorded; the writers apply a
// policy again to everything they print, so a step that forgets cannot leak. What is secret is
// the protocol layer's knowledge, handed in by app/ (util/redaction_policy.hpp); how to find it
// in text is here. The rules are documented in reports/README.md ("Redaction").
#pragma once

#include <string>
#include <string_view>

#include "core/transcript.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

inline constexpr std::string_view redacted_marker = "<redacted>";

using util::redaction_policy;

// The values of the policy's secret headers (any letter case) become <redacted>, but for those
// starting with a kept value; every other value goes through redact_text.
core::header_list redact_headers(const core::header_list& headers, const redaction_policy& p);

// Applies, to any text (a body, a path, a note, an error message):
// - JSON members named by p.json_keys get the value "<redacted>", also inside JSON that is
//   itself escaped in a string, and also when the body was truncated;
// - the value of a p.query_params parameter (after '?' or '&') becomes <redacted>;
// - the token after each of p.token_prefixes ("Bearer ") becomes <redacted>.
std::string redact_text(std::string_view s, const redaction_policy& p);

}  // namespace mxc::report
