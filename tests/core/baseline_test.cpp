// Baselines (issue #10): both formats round-trip, sorted by id; a run against one sorts every
// case into regressions, improvements, other changes, new and gone; the exit code then follows
// the regressions alone; a malformed line is one error naming FILE:LINE.
#include <gtest/gtest.h>

#include "core/baseline.hpp"
#include "core/result.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mxc::core {
namespace {

using test::temp_dir;

// Case definitions and results for (id, verdict) pairs; the definitions outlive the results.
struct fixture_results {
    std::vector<std::unique_ptr<case_def>> defs;
    std::vector<case_result> results;

    fixture_results(std::initializer_list<std::pair<std::string, verdict>> cases) {
        for (const auto& [id, v] : cases) {
            defs.push_back(std::make_unique<case_def>());
            defs.back()->id = id;
            case_result r;
            r.def = defs.back().get();
            r.v = v;
            results.push_back(std::move(r));
        }
    }
};

baseline from_text(const std::string& text, baseline_format f) {
    temp_dir dir;
    return read_baseline(dir.write("base.jsonl", text), f);
}

std::map<std::string, std::string> words(const baseline& b) {
    std::map<std::string, std::string> out;
    for (const auto& [id, e] : b.entries) out[id] = e.word;
    return out;
}

TEST(Baseline, JsonLinesRoundTripSortedById) {
    const fixture_results f{{"t.c", verdict::fail},
                            {"t.a", verdict::pass},
                            {"t.b", verdict::skipped},
                            {"t.d", verdict::non_strict}};
    const auto text = baseline_text(f.results, baseline_format::jsonl);
    EXPECT_EQ(text,
              "{\"id\":\"t.a\",\"verdict\":\"pass\"}\n"
              "{\"id\":\"t.b\",\"verdict\":\"skipped\"}\n"
              "{\"id\":\"t.c\",\"verdict\":\"fail\"}\n"
              "{\"id\":\"t.d\",\"verdict\":\"non-strict\"}\n");
    temp_dir dir;
    const auto file = dir.path() / "sub" / "base.jsonl";
    write_baseline(file, f.results, baseline_format::jsonl);
    const auto b = read_baseline(file, baseline_format::jsonl);
    EXPECT_EQ(words(b),
              (std::map<std::string, std::string>{
                  {"t.a", "pass"}, {"t.b", "skipped"}, {"t.c", "fail"}, {"t.d", "non-strict"}}));
    EXPECT_EQ(b.entries.at("t.c").line, 3);
    EXPECT_TRUE(compare(b, f.results, false).regressions.empty());
    EXPECT_EQ(compare(b, f.results, false).unchanged, 4u);
}

TEST(Baseline, ComplementRoundTripWithItsCoarseWords) {
    const fixture_results f{{"t.pass", verdict::pass},
                            {"t.fail", verdict::fail},
                            {"t.error", verdict::error},
                            {"t.non_strict", verdict::non_strict},
                            {"t.unexpected_pass", verdict::unexpected_pass},
                            {"t.observed", verdict::observed},
                            {"t.skipped", verdict::skipped},
                            {"t.unsupported", verdict::unsupported},
                            {"t.expected_fail", verdict::expected_fail}};
    const auto text = baseline_text(f.results, baseline_format::complement);
    EXPECT_EQ(text,
              "{\"Action\":\"fail\",\"Test\":\"t.error\"}\n"
              "{\"Action\":\"skip\",\"Test\":\"t.expected_fail\"}\n"
              "{\"Action\":\"fail\",\"Test\":\"t.fail\"}\n"
              "{\"Action\":\"fail\",\"Test\":\"t.non_strict\"}\n"
              "{\"Action\":\"skip\",\"Test\":\"t.observed\"}\n"
              "{\"Action\":\"pass\",\"Test\":\"t.pass\"}\n"
              "{\"Action\":\"skip\",\"Test\":\"t.skipped\"}\n"
              "{\"Action\":\"fail\",\"Test\":\"t.unexpected_pass\"}\n"
              "{\"Action\":\"skip\",\"Test\":\"t.unsupported\"}\n");
    const auto b = from_text(text, baseline_format::complement);
    EXPECT_EQ(b.entries.size(), 9u);
    EXPECT_EQ(b.entries.at("t.pass").word, "pass");
    const auto c = compare(b, f.results, false);
    EXPECT_EQ(c.unchanged, 9u);
    EXPECT_TRUE(c.regressions.empty() && c.changed.empty());
}

// A Complement file as Tuwunel keeps it (spaces after the colons, blank last line) reads too.
TEST(Baseline, ComplementFileWrittenByOtherTools) {
    const auto b = from_text(
        "{\"Action\": \"pass\", \"Test\": \"TestA\"}\n{\"Action\": \"skip\", \"Test\": "
        "\"TestA/sub\", \"Elapsed\": 0.1}\n\n",
        baseline_format::complement);
    EXPECT_EQ(words(b),
              (std::map<std::string, std::string>{{"TestA", "pass"}, {"TestA/sub", "skip"}}));
}

TEST(Baseline, ClassifiesEveryCase) {
    const auto b = from_text(
        "{\"id\":\"t.better\",\"verdict\":\"fail\"}\n"
        "{\"id\":\"t.gone\",\"verdict\":\"pass\"}\n"
        "{\"id\":\"t.now_skipped\",\"verdict\":\"pass\"}\n"
        "{\"id\":\"t.same\",\"verdict\":\"pass\"}\n"
        "{\"id\":\"t.side\",\"verdict\":\"fail\"}\n"
        "{\"id\":\"t.softer\",\"verdict\":\"error\"}\n"
        "{\"id\":\"t.was_expected\",\"verdict\":\"expected-fail\"}\n"
        "{\"id\":\"t.worse\",\"verdict\":\"pass\"}\n"
        "{\"id\":\"t.weaker\",\"verdict\":\"pass\"}\n",
        baseline_format::jsonl);
    const fixture_results f{{"t.worse", verdict::fail},
                            {"t.weaker", verdict::non_strict},
                            {"t.better", verdict::pass},
                            {"t.softer", verdict::non_strict},
                            {"t.same", verdict::pass},
                            {"t.side", verdict::error},
                            {"t.now_skipped", verdict::skipped},
                            {"t.was_expected", verdict::unexpected_pass},
                            {"t.new_fail", verdict::fail},
                            {"t.new_pass", verdict::pass},
                            {"t.new_non_strict", verdict::non_strict}};
    const auto c = compare(b, f.results, false);
    using changes = std::vector<verdict_change>;
    EXPECT_EQ(c.regressions, (changes{{"t.new_fail", "", "fail"},
                                      {"t.weaker", "pass", "non-strict"},
                                      {"t.worse", "pass", "fail"}}));
    EXPECT_EQ(c.improvements,
              (changes{{"t.better", "fail", "pass"}, {"t.softer", "error", "non-strict"}}));
    EXPECT_EQ(c.changed, (changes{{"t.now_skipped", "pass", "skipped"},
                                  {"t.side", "fail", "error"},
                                  {"t.was_expected", "expected-fail", "unexpected-pass"}}));
    EXPECT_EQ(c.added,
              (changes{{"t.new_non_strict", "", "non-strict"}, {"t.new_pass", "", "pass"}}));
    EXPECT_EQ(c.gone, (changes{{"t.gone", "pass", ""}}));
    EXPECT_EQ(c.unchanged, 1u);
    EXPECT_TRUE(c.regressed());

    // With --strict a new non-strict case fails the run, so it is a regression.
    const auto strict = compare(b, f.results, true);
    ASSERT_EQ(strict.regressions.size(), 4u);
    EXPECT_EQ(strict.regressions[1], (verdict_change{"t.new_non_strict", "", "non-strict"}));
    EXPECT_EQ(strict.added, (changes{{"t.new_pass", "", "pass"}}));
}

TEST(Baseline, ComplementComparesAtItsGranularity) {
    const auto b = from_text(
        "{\"Action\":\"fail\",\"Test\":\"t.a\"}\n"
        "{\"Action\":\"pass\",\"Test\":\"t.b\"}\n"
        "{\"Action\":\"pass\",\"Test\":\"t.c\"}\n"
        "{\"Action\":\"fail\",\"Test\":\"t.d\"}\n"
        "{\"Action\":\"skip\",\"Test\":\"t.e\"}\n",
        baseline_format::complement);
    const fixture_results f{{"t.a", verdict::non_strict},  // fail -> fail: the same
                            {"t.b", verdict::non_strict},  // pass -> fail
                            {"t.c", verdict::observed},    // pass -> skip: neither
                            {"t.d", verdict::pass},        // fail -> pass
                            {"t.e", verdict::error}};      // skip -> fail: neither
    const auto c = compare(b, f.results, false);
    using changes = std::vector<verdict_change>;
    EXPECT_EQ(c.unchanged, 1u);
    EXPECT_EQ(c.regressions, (changes{{"t.b", "pass", "non-strict"}}));
    EXPECT_EQ(c.improvements, (changes{{"t.d", "fail", "pass"}}));
    EXPECT_EQ(c.changed, (changes{{"t.c", "pass", "observed"}, {"t.e", "skip", "error"}}));
}

TEST(Baseline, ExitCodeFollowsRegressionsOnly) {
    const auto b =
        from_text("{\"id\":\"t.a\",\"verdict\":\"fail\"}\n{\"id\":\"t.b\",\"verdict\":\"pass\"}\n",
                  baseline_format::jsonl);
    run_summary still_failing;  // t.a still fails: no regression
    const fixture_results f1{{"t.a", verdict::fail}, {"t.b", verdict::pass}};
    still_failing.results = f1.results;
    EXPECT_EQ(still_failing.exit_code(), 1);
    still_failing.baseline = compare(b, still_failing.results, false);
    EXPECT_EQ(still_failing.exit_code(), 0);

    run_summary improved;  // only an improvement
    const fixture_results f2{{"t.a", verdict::pass}, {"t.b", verdict::pass}};
    improved.results = f2.results;
    improved.baseline = compare(b, improved.results, false);
    EXPECT_EQ(improved.exit_code(), 0);

    run_summary regressed;
    const fixture_results f3{{"t.a", verdict::pass}, {"t.b", verdict::error}};
    regressed.results = f3.results;
    regressed.baseline = compare(b, regressed.results, false);
    EXPECT_EQ(regressed.exit_code(), 1);

    regressed.setup_error = "target unreachable";  // a setup error is still 2
    EXPECT_EQ(regressed.exit_code(), 2);
}

TEST(Baseline, ObservationsAreRecordedAndTheirChangesListed) {
    fixture_results f{
        {"t.a", verdict::observed}, {"t.b", verdict::observed}, {"t.c", verdict::pass}};
    f.results[0].observation = "copies=2";
    f.results[1].observation = "order=kept";
    const auto text = baseline_text(f.results, baseline_format::jsonl);
    EXPECT_EQ(text,
              "{\"id\":\"t.a\",\"verdict\":\"observed\",\"observation\":\"copies=2\"}\n"
              "{\"id\":\"t.b\",\"verdict\":\"observed\",\"observation\":\"order=kept\"}\n"
              "{\"id\":\"t.c\",\"verdict\":\"pass\"}\n");
    const auto b = from_text(text, baseline_format::jsonl);
    EXPECT_EQ(b.entries.at("t.a").observation, "copies=2");
    f.results[0].observation = "copies=1";
    const auto c = compare(b, f.results, false);
    EXPECT_EQ(c.observations, (std::vector<verdict_change>{{"t.a", "copies=2", "copies=1"}}));
    EXPECT_TRUE(c.regressions.empty());
    EXPECT_EQ(c.unchanged, 3u);
    // Complement's lines have no observations to compare.
    EXPECT_EQ(baseline_text(f.results, baseline_format::complement).find("observation"),
              std::string::npos);
}

std::string baseline_error(const std::string& text, baseline_format f = baseline_format::jsonl) {
    return test::error_loading("base.jsonl", text,
                               [f](const auto& file) { read_baseline(file, f); });
}

TEST(Baseline, MalformedLinesNameFileAndLine) {
    const std::string good = "{\"id\":\"t.a\",\"verdict\":\"pass\"}\n";
    EXPECT_EQ(baseline_error(good + "{\"id\": \"t.b\"\n").substr(0, 15), "F:2: not JSON: ");
    EXPECT_EQ(baseline_error(good + "[1]\n"), "F:2: expected an object {\"id\", \"verdict\"}");
    EXPECT_EQ(baseline_error(good + "\n{\"id\":\"t.b\"}\n"), "F:3: no \"verdict\" member");
    EXPECT_EQ(baseline_error("{\"verdict\":\"pass\"}\n"), "F:1: no \"id\" member");
    EXPECT_EQ(baseline_error("{\"id\":7,\"verdict\":\"pass\"}\n"),
              "F:1: \"id\" must be a non-empty string, not 7");
    EXPECT_EQ(baseline_error("{\"id\":\"t.a\",\"verdict\":\"passed\"}\n"),
              "F:1: \"verdict\" must be a verdict (pass, non-strict, observed, unsupported, "
              "skipped, expected-fail, unexpected-pass, fail, error), not 'passed'");
    EXPECT_EQ(baseline_error(good + good), "F:2: 't.a' is already on line 1");
    EXPECT_EQ(baseline_error("{\"id\":\"t.a\",\"verdict\":\"observed\",\"observation\":7}\n"),
              "F:1: \"observation\" must be a string, not 7");
    // Our format is not Complement's, and the other way round.
    EXPECT_EQ(baseline_error(good, baseline_format::complement), "F:1: no \"Test\" member");
    EXPECT_EQ(
        baseline_error("{\"Action\":\"output\",\"Test\":\"TestA\"}\n", baseline_format::complement),
        "F:1: \"Action\" must be pass, fail or skip, not 'output'");
    EXPECT_EQ(baseline_error("", baseline_format::jsonl), "(loaded)");
}

TEST(Baseline, AMissingFileIsOneError) {
    temp_dir dir;
    const auto file = dir.path() / "none.jsonl";
    try {
        read_baseline(file, baseline_format::jsonl);
        FAIL() << "loaded";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), file.string() + ": cannot read the baseline file");
    }
}

TEST(Baseline, FormatNames) {
    EXPECT_EQ(parse_baseline_format("jsonl"), baseline_format::jsonl);
    EXPECT_EQ(parse_baseline_format("complement"), baseline_format::complement);
    EXPECT_FALSE(parse_baseline_format("junit"));
    for (auto f : {baseline_format::jsonl, baseline_format::complement})
        EXPECT_EQ(parse_baseline_format(to_string(f)), f);
}

}  // namespace
}  // namespace mxc::core
