// `run --write-baseline` and `run --baseline` end to end against the embedded server with a tiny
// suite (issue #10): the file written, the exit code following regressions only, the console
// block, index.json's `baseline` object, and the warning for an id no case has.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/run_command.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

// A case that passes (a note checks nothing) or fails (/versions does not answer 404).
std::string yaml_case(const std::string& id, bool passes) {
    std::string text =
        "  - id: " + id + "\n    title: T\n    level: must\n    requirement: R\n    steps:\n";
    text += passes ? "      - note: {text: hi}\n"
                   : "      - request: {path: /_matrix/client/versions, expect: {status: 404}}\n";
    return text;
}

class baseline_run : public testing::Test {
  protected:
    // Writes the suite with these cases (id -> passes) and runs it.
    int run(const std::map<std::string, bool>& cases, const std::string& name,
            std::vector<std::pair<std::string, std::string>> flags) {
        std::string suite = "suite: t.base\nspec: {doc: client-server, section: S}\ncases:\n";
        for (const auto& [id, passes] : cases) suite += yaml_case(id, passes);
        dir_.write("suites/t.yaml", suite);
        run_config cfg;
        cfg.suites_dir = (dir_.path() / "suites").string();
        cfg.report_dir = (dir_.path() / name).string();
        cfg.federation = "off";
        cfg.no_color = true;
        cfg.jobs = 2;
        for (const auto& [flag, value] : flags) {
            if (flag == "baseline") cfg.baseline = value;
            if (flag == "write-baseline") cfg.write_baseline = value;
            if (flag == "baseline-format") cfg.baseline_format = value;
            if (flag == "expectations") cfg.expectations = value;
        }
        std::ostringstream out, err;
        const int code = run_command(cfg, out, err);
        out_ = out.str();
        err_ = err.str();
        std::ifstream index(dir_.path() / name / "index.json");
        index_ = nlohmann::json::parse(index, nullptr, false);
        return code;
    }

    std::string file(const std::string& name) const { return (dir_.path() / name).string(); }
    std::string read(const std::string& name) const {
        std::ifstream in(dir_.path() / name);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    test::temp_dir dir_;
    std::string out_, err_;
    nlohmann::json index_;
};

TEST_F(baseline_run, WriteThenGateOnRegressionsOnly) {
    // A failing case fails a run without a baseline; the baseline records it.
    EXPECT_EQ(run({{"t.base.a", true}, {"t.base.b", false}}, "r1",
                  {{"write-baseline", file("base.jsonl")}}),
              1)
        << err_;
    EXPECT_EQ(read("base.jsonl"),
              "{\"id\":\"t.base.a\",\"verdict\":\"pass\"}\n"
              "{\"id\":\"t.base.b\",\"verdict\":\"fail\"}\n");
    EXPECT_FALSE(index_.contains("baseline"));

    // The same verdicts against it: nothing got worse, exit 0. An expectations id and a
    // baseline id that no case has are warnings naming file:line.
    dir_.write("base2.jsonl",
               read("base.jsonl") + "{\"id\":\"t.base.old\",\"verdict\":\"pass\"}\n");
    dir_.write("exp.yaml", "t.base.renamed:\n  expect: skip\n  reason: flaky\n");
    EXPECT_EQ(run({{"t.base.a", true}, {"t.base.b", false}}, "r2",
                  {{"baseline", file("base2.jsonl")}, {"expectations", file("exp.yaml")}}),
              0)
        << err_;
    EXPECT_EQ(err_, "mxconform: " + file("exp.yaml") +
                        ":1: warning: no case has the id 't.base.renamed'\n"
                        "mxconform: " +
                        file("base2.jsonl") + ":3: warning: no case has the id 't.base.old'\n");
    ASSERT_TRUE(index_.contains("baseline")) << index_.dump();
    EXPECT_EQ(index_["baseline"]["unchanged"], 2);
    EXPECT_EQ(index_["baseline"]["gone"],
              nlohmann::json::parse(R"([{"id": "t.base.old", "was": "pass", "now": null}])"));
    EXPECT_EQ(index_["run"]["exit_code"], 0);

    // a got worse, b got better, c is new and fails: exit 1, and the lists say which.
    EXPECT_EQ(run({{"t.base.a", false}, {"t.base.b", true}, {"t.base.c", false}}, "r3",
                  {{"baseline", file("base.jsonl")}}),
              1);
    const auto& b = index_["baseline"];
    EXPECT_EQ(b["file"], file("base.jsonl"));
    EXPECT_EQ(b["format"], "jsonl");
    EXPECT_EQ(b["regressions"], nlohmann::json::parse(R"([
        {"id": "t.base.a", "was": "pass", "now": "fail"},
        {"id": "t.base.c", "was": null, "now": "fail"}])"));
    EXPECT_EQ(b["improvements"],
              nlohmann::json::parse(R"([{"id": "t.base.b", "was": "fail", "now": "pass"}])"));
    EXPECT_EQ(index_["run"]["exit_code"], 1);
    EXPECT_NE(out_.find("Against the baseline " + file("base.jsonl") +
                        " (jsonl): 2 regressions, 1 improvement, 0 other changes, 0 new, 0 gone, "
                        "0 unchanged\n"
                        "  regression   t.base.a  pass -> fail\n"
                        "  regression   t.base.c  (new) -> fail\n"
                        "  improvement  t.base.b  fail -> pass\n"),
              std::string::npos)
        << out_;

    // Only improvements and a new pass: exit 0.
    EXPECT_EQ(run({{"t.base.a", true}, {"t.base.b", true}, {"t.base.d", true}}, "r4",
                  {{"baseline", file("base.jsonl")}}),
              0)
        << out_;
    EXPECT_EQ(index_["baseline"]["new"],
              nlohmann::json::parse(R"([{"id": "t.base.d", "was": null, "now": "pass"}])"));
}

TEST_F(baseline_run, ComplementFormatBothWays) {
    const std::vector<std::pair<std::string, std::string>> complement = {
        {"baseline-format", "complement"}, {"write-baseline", file("results.jsonl")}};
    EXPECT_EQ(run({{"t.base.a", true}, {"t.base.b", false}}, "r1", complement), 1);
    EXPECT_EQ(read("results.jsonl"),
              "{\"Action\":\"pass\",\"Test\":\"t.base.a\"}\n"
              "{\"Action\":\"fail\",\"Test\":\"t.base.b\"}\n");
    EXPECT_EQ(run({{"t.base.a", false}, {"t.base.b", false}}, "r2",
                  {{"baseline-format", "complement"}, {"baseline", file("results.jsonl")}}),
              1);
    EXPECT_EQ(index_["baseline"]["format"], "complement");
    EXPECT_EQ(index_["baseline"]["regressions"],
              nlohmann::json::parse(R"([{"id": "t.base.a", "was": "pass", "now": "fail"}])"));
}

TEST_F(baseline_run, AMalformedBaselineStopsTheRunBeforeAnyCase) {
    dir_.write("bad.jsonl", "{\"id\":\"t.base.a\",\"verdict\":\"pass\"}\nnot json\n");
    EXPECT_EQ(run({{"t.base.a", true}}, "r1", {{"baseline", file("bad.jsonl")}}), 2);
    EXPECT_TRUE(err_.starts_with("mxconform: " + file("bad.jsonl") + ":2: not JSON: ")) << err_;
    EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1);
    EXPECT_TRUE(out_.empty()) << out_;
    EXPECT_TRUE(index_.is_discarded()) << "no report: no case ran";
}

}  // namespace
}  // namespace mxc::app
