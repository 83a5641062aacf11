// The one verdict function (DESIGN.md "Levels and verdicts"): every combination of level,
// outcome and expectation that leads somewhere different, and which verdicts fail a run.
#include <gtest/gtest.h>

#include "core/result.hpp"
#include "core/verdict.hpp"

namespace mxc::core {
namespace {

outcome failed(int n = 1) {
    return outcome{n, false, false, false};
}
outcome clean() {
    return outcome{};
}
outcome harness_trouble() {
    return outcome{0, true, false, false};
}
outcome lacking() {
    return outcome{0, false, true, false};
}
outcome precondition_off() {
    return outcome{0, false, false, true};
}

constexpr level all_levels[] = {level::must, level::should, level::observed};
constexpr expectation all_expectations[] = {expectation::none, expectation::expected_fail,
                                            expectation::skip};

TEST(Verdict, MustPassesWithNoFailedCheckAndFailsWithOne) {
    EXPECT_EQ(decide(level::must, clean(), expectation::none), verdict::pass);
    EXPECT_EQ(decide(level::must, failed(), expectation::none), verdict::fail);
    EXPECT_EQ(decide(level::must, failed(7), expectation::none), verdict::fail);
}

TEST(Verdict, ShouldIsNonStrictWhenNotMet) {
    EXPECT_EQ(decide(level::should, clean(), expectation::none), verdict::pass);
    EXPECT_EQ(decide(level::should, failed(), expectation::none), verdict::non_strict);
}

TEST(Verdict, ObservedIsRecordedWhateverHappened) {
    EXPECT_EQ(decide(level::observed, clean(), expectation::none), verdict::observed);
    EXPECT_EQ(decide(level::observed, failed(3), expectation::none), verdict::observed);
    // An observation is not judged, so it cannot be an expected failure or an unexpected pass.
    EXPECT_EQ(decide(level::observed, clean(), expectation::expected_fail), verdict::observed);
    EXPECT_EQ(decide(level::observed, failed(), expectation::expected_fail), verdict::observed);
}

TEST(Verdict, SkipExpectationWinsOverEverything) {
    for (auto lvl : all_levels)
        for (const auto& o : {clean(), failed(), harness_trouble(), lacking(), precondition_off()})
            EXPECT_EQ(decide(lvl, o, expectation::skip), verdict::skipped) << to_string(lvl);
}

TEST(Verdict, SkippedOutcomeIsSkippedAtEveryLevel) {
    for (auto lvl : all_levels)
        for (auto e : all_expectations)
            EXPECT_EQ(decide(lvl, precondition_off(), e), verdict::skipped);
}

TEST(Verdict, HarnessErrorIsNeverBlamedOnTheServer) {
    for (auto lvl : all_levels) {
        EXPECT_EQ(decide(lvl, harness_trouble(), expectation::none), verdict::error)
            << to_string(lvl);
        // An expected failure does not hide harness trouble.
        EXPECT_EQ(decide(lvl, harness_trouble(), expectation::expected_fail), verdict::error);
        // Failed checks recorded before the trouble do not turn it into a fail.
        outcome both = failed(2);
        both.harness_error = true;
        EXPECT_EQ(decide(lvl, both, expectation::none), verdict::error);
        // Error takes precedence over unsupported.
        both.unsupported = true;
        EXPECT_EQ(decide(lvl, both, expectation::none), verdict::error);
    }
}

TEST(Verdict, UnsupportedBeatsFailedChecks) {
    for (auto lvl : all_levels) {
        EXPECT_EQ(decide(lvl, lacking(), expectation::none), verdict::unsupported);
        EXPECT_EQ(decide(lvl, lacking(), expectation::expected_fail), verdict::unsupported);
        outcome o = lacking();
        o.failed_checks = 1;
        EXPECT_EQ(decide(lvl, o, expectation::none), verdict::unsupported);
    }
}

TEST(Verdict, ExpectedFailTurnsFailuresIntoExpectedFailAndPassesIntoUnexpectedPass) {
    EXPECT_EQ(decide(level::must, failed(), expectation::expected_fail), verdict::expected_fail);
    EXPECT_EQ(decide(level::should, failed(), expectation::expected_fail), verdict::expected_fail);
    EXPECT_EQ(decide(level::must, clean(), expectation::expected_fail), verdict::unexpected_pass);
    EXPECT_EQ(decide(level::should, clean(), expectation::expected_fail), verdict::unexpected_pass);
}

TEST(Verdict, FailsRunWithoutStrict) {
    EXPECT_TRUE(fails_run(verdict::fail, false));
    EXPECT_TRUE(fails_run(verdict::error, false));
    EXPECT_TRUE(fails_run(verdict::unexpected_pass, false));
    EXPECT_FALSE(fails_run(verdict::non_strict, false));
    for (auto v : {verdict::pass, verdict::observed, verdict::unsupported, verdict::skipped,
                   verdict::expected_fail})
        EXPECT_FALSE(fails_run(v, false)) << to_string(v);
}

TEST(Verdict, StrictAddsOnlyNonStrict) {
    for (auto v : all_verdicts)
        EXPECT_EQ(fails_run(v, true), fails_run(v, false) || v == verdict::non_strict)
            << to_string(v);
}

TEST(Verdict, WordsRoundTripAndEveryVerdictHasALegend) {
    for (auto v : all_verdicts) {
        EXPECT_EQ(parse_verdict(to_string(v)), v);
        EXPECT_FALSE(legend(v).empty()) << to_string(v);
    }
    EXPECT_EQ(to_string(verdict::non_strict), "non-strict");
    EXPECT_EQ(to_string(verdict::unexpected_pass), "unexpected-pass");
    EXPECT_FALSE(parse_verdict("passed").has_value());
    for (auto l : all_levels) EXPECT_EQ(parse_level(to_string(l)), l);
    EXPECT_FALSE(parse_level("MUST").has_value());
    EXPECT_FALSE(parse_level("").has_value());
}

run_summary summary_of(std::initializer_list<verdict> verdicts, bool strict) {
    run_summary s;
    s.strict = strict;
    for (auto v : verdicts) {
        case_result r;
        r.v = v;
        s.results.push_back(r);
    }
    return s;
}

TEST(Verdict, ExitCodeFollowsTheVerdicts) {
    EXPECT_EQ(summary_of({verdict::pass, verdict::observed, verdict::skipped}, false).exit_code(),
              0);
    EXPECT_EQ(summary_of({verdict::pass, verdict::fail}, false).exit_code(), 1);
    EXPECT_EQ(summary_of({verdict::pass, verdict::error}, false).exit_code(), 1);
    EXPECT_EQ(summary_of({verdict::unexpected_pass}, false).exit_code(), 1);
    EXPECT_EQ(summary_of({verdict::expected_fail}, false).exit_code(), 0);
    EXPECT_EQ(summary_of({verdict::non_strict}, false).exit_code(), 0);
    EXPECT_EQ(summary_of({verdict::non_strict}, true).exit_code(), 1);
    auto setup = summary_of({}, false);
    setup.setup_error = "cannot reach the target";
    EXPECT_EQ(setup.exit_code(), 2);
}

}  // namespace
}  // namespace mxc::core
