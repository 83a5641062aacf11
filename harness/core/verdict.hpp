// Verdict words and the one pure function that decides them (DESIGN.md "Levels and verdicts";
// the vocabulary of Autobahn|Testsuite, the strictness of h2spec).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mxc::core {

enum class level { must, should, observed };

enum class verdict {
    pass,             // the server did what the case requires
    non_strict,       // a `should` requirement was not met
    observed,         // a spec gap: behaviour recorded, not judged
    unsupported,      // the server lacks an optional capability the case needs
    skipped,          // deselected, or a precondition turned off
    expected_fail,    // failed, as the user's expectations file says it will
    unexpected_pass,  // listed as expected to fail, but passed
    fail,             // a `must` requirement was not met
    error,            // the harness could not judge
};

// What the user's expectations file says of a case.
enum class expectation { none, expected_fail, skip };

// What running a case established, before any judgement.
struct outcome {
    int failed_checks = 0;  // expectations not met (incl. schema findings on responses)
    bool harness_error = false;
    bool unsupported = false;
    bool skipped = false;
};

verdict decide(level lvl, const outcome& o, expectation e);

// Whether a verdict makes the run fail (exit 1); non-strict counts only with --strict.
bool fails_run(verdict v, bool strict);

std::string_view to_string(verdict v);
std::string_view to_string(level l);
std::optional<level> parse_level(std::string_view s);
std::optional<verdict> parse_verdict(std::string_view s);

// One line per verdict, for report legends.
std::string_view legend(verdict v);

inline constexpr verdict all_verdicts[] = {
    verdict::pass,    verdict::non_strict,    verdict::observed,        verdict::unsupported,
    verdict::skipped, verdict::expected_fail, verdict::unexpected_pass, verdict::fail,
    verdict::error};

}  // namespace mxc::core
