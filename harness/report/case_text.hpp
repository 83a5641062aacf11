// Plain-text wording shared by the console, JUnit and Markdown reports, so a failure reads the
// same everywhere: the requirement, then Expected / Actual / At (h2spec), then the evidence.
// Inputs are sanitized results (sanitize.hpp); nothing here redacts or escapes.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "core/result.hpp"

namespace mxc::report {

// "12 ms" below a second, "3.4 s" from there on.
std::string format_duration(std::chrono::milliseconds d);
// "50 pass, 1 fail, 1 observed", in legend order, verdicts with no case left out.
std::string counts_text(const std::map<core::verdict, int>& counts);
// "52 cases in 3.4 s: 50 pass, 1 fail, 1 observed (partial)".
std::string summary_line(const core::run_summary& s);

// The one-line Expected / Actual of a case: the first failed check's, the error for an error,
// and for an unexpected pass what the expectations file promised and what happened instead.
std::string expected_text(const core::case_result& r);
std::string actual_text(const core::case_result& r);

// Verdicts whose details a reader needs to see at once (fail, error, non-strict, unexpected pass).
bool needs_attention(core::verdict v);
const core::exchange_record* last_exchange(const core::case_result& r);

// "+12.5 ms alice PUT /path -> 200 in 3.0 ms"
std::string exchange_line(const core::exchange_record& e);
// One line for a wait or a note; exchange_line for an exchange.
std::string entry_line(const core::transcript_entry& e);

// Requirement, Expected/Actual/At of each failed check, error or reason, and the last exchange
// with bodies cut to body_cut bytes; every line starts with `indent`, ends with '\n'.
std::string details_text(const core::case_result& r, std::string_view indent,
                         std::size_t body_cut = 300);
// Every transcript entry, exchanges with headers and (already truncated) bodies.
std::string transcript_text(const core::case_result& r, std::string_view indent);

}  // namespace mxc::report
