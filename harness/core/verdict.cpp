#include "core/verdict.hpp"

namespace mxc::core {

verdict decide(level lvl, const outcome& o, expectation e) {
    if (e == expectation::skip || o.skipped) return verdict::skipped;
    // Harness trouble is never blamed on the server.
    if (o.harness_error) return verdict::error;
    if (o.unsupported) return verdict::unsupported;
    verdict v = verdict::pass;
    if (lvl == level::observed)
        v = verdict::observed;  // recorded whatever happened
    else if (o.failed_checks > 0)
        v = lvl == level::must ? verdict::fail : verdict::non_strict;
    if (e == expectation::expected_fail) {
        if (v == verdict::fail || v == verdict::non_strict) return verdict::expected_fail;
        if (v == verdict::pass) return verdict::unexpected_pass;
    }
    return v;
}

bool fails_run(verdict v, bool strict) {
    switch (v) {
        case verdict::fail:
        case verdict::error:
        case verdict::unexpected_pass:
            return true;
        case verdict::non_strict:
            return strict;
        default:
            return false;
    }
}

std::string_view to_string(verdict v) {
    switch (v) {
        case verdict::pass:
            return "pass";
        case verdict::non_strict:
            return "non-strict";
        case verdict::observed:
            return "observed";
        case verdict::unsupported:
            return "unsupported";
        case verdict::skipped:
            return "skipped";
        case verdict::expected_fail:
            return "expected-fail";
        case verdict::unexpected_pass:
            return "unexpected-pass";
        case verdict::fail:
            return "fail";
        case verdict::error:
            return "error";
    }
    return "error";
}

std::string_view legend(verdict v) {
    switch (v) {
        case verdict::pass:
            return "the server did what the case requires";
        case verdict::non_strict:
            return "a should-level requirement was not met (fails the run only with --strict)";
        case verdict::observed:
            return "a spec gap: the behaviour is recorded, not judged";
        case verdict::unsupported:
            return "the server lacks an optional capability the case needs";
        case verdict::skipped:
            return "deselected, or a precondition was turned off";
        case verdict::expected_fail:
            return "failed, as the expectations file says it will";
        case verdict::unexpected_pass:
            return "listed as expected to fail, but passed (fails the run)";
        case verdict::fail:
            return "a must-level requirement was not met";
        case verdict::error:
            return "the harness could not judge (setup failed, target unreachable)";
    }
    return "";
}

std::string_view to_string(level l) {
    switch (l) {
        case level::must:
            return "must";
        case level::should:
            return "should";
        case level::observed:
            return "observed";
    }
    return "must";
}

std::optional<level> parse_level(std::string_view s) {
    if (s == "must") return level::must;
    if (s == "should") return level::should;
    if (s == "observed") return level::observed;
    return std::nullopt;
}

std::optional<verdict> parse_verdict(std::string_view s) {
    for (auto v : all_verdicts)
        if (to_string(v) == s) return v;
    return std::nullopt;
}

}  // namespace mxc::core
