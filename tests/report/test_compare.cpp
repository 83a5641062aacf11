// `mxconform compare` (issue 11): three small runs (tests/compare_runs/) side by side, byte for
// byte; column names told apart; the gap report's curl reproduction; bad input is one line
// naming the file and the member, exit 2.
#include <gtest/gtest.h>

#include "app/curl_repro.hpp"
#include "app/gaps_markdown.hpp"
#include "fixture_run.hpp"
#include "golden.hpp"
#include "report/compare_pages.hpp"
#include "report/compare_table.hpp"
#include "report/run_index.hpp"
#include "support/files.hpp"
#include "support/process.hpp"

namespace mxc::report::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path runs_dir = fs::path(MXC_SOURCE_DIR) / "tests" / "compare_runs";

std::vector<run_index> fixture_runs() {
    std::vector<run_index> runs;
    for (const char* name : {"synapse", "refserver", "refserver-faults"})
        runs.push_back(read_run_index(runs_dir / name / "index.json"));
    name_columns(runs);
    return runs;
}

// As the pages show it: relative, so the golden files do not hold this checkout's path.
std::vector<run_index> shown(std::vector<run_index> runs) {
    for (auto& r : runs) r.file = r.file.lexically_relative(runs_dir);
    return runs;
}

TEST(compare, pages_of_three_runs) {
    const auto runs = fixture_runs();
    EXPECT_EQ(runs[0].column, "Synapse 1.67.0");
    EXPECT_EQ(runs[1].column, "reference server");
    EXPECT_EQ(runs[2].column, "reference server, faults: ack-ignored");
    expect_golden("compare/compare.html", compare_html(shown(runs)));
    expect_golden("compare/compare.md", compare_markdown(shown(runs)));
    // gaps.md reads transcripts beside each index, so its runs keep their real paths.
    auto gaps = app::gaps_markdown(runs);
    EXPECT_EQ(gaps.find(runs_dir.string()), std::string::npos);
    expect_golden("compare/gaps.md", gaps);
}

TEST(compare, rows_that_differ_come_first) {
    const auto runs = fixture_runs();
    const auto groups = compare_groups(runs);
    ASSERT_FALSE(groups.empty());
    EXPECT_GT(groups.front().differing, 0u);
    EXPECT_EQ(groups.back().differing, 0u);
    for (const auto& g : groups)
        for (std::size_t i = 1; i < g.rows.size(); ++i)
            EXPECT_FALSE(!g.rows[i - 1].differs && g.rows[i].differs) << g.rows[i].id;
}

TEST(compare, equal_names_are_told_apart) {
    std::vector<run_index> runs(4);
    for (auto& r : runs) r.target = "http://127.0.0.1:8008/";
    runs[0].run_id = "a";
    runs[1].run_id = "b";
    runs[3].target = "https://hs.example";
    name_columns(runs);
    EXPECT_EQ(runs[0].column, "127.0.0.1:8008 (a)");
    EXPECT_EQ(runs[1].column, "127.0.0.1:8008 (b)");
    EXPECT_EQ(runs[2].column, "127.0.0.1:8008");
    EXPECT_EQ(runs[3].column, "hs.example");
}

TEST(compare, curl_leaves_out_setup_sentinels_and_repeated_polls) {
    const auto t = nlohmann::json::parse(
        read_file(runs_dir / "synapse" / "transcripts" / "to_device.txn.r0_and_v3.json"));
    const std::vector<std::string> want = {
        R"(curl "$HS/_matrix/client/v3/sync?timeout=4" -H "Authorization: Bearer $BOB_TOKEN")",
        R"(curl -X PUT "$HS/_matrix/client/r0/sendToDevice/org.mxconform.test/t1-sdhhia" -H "Authorization: Bearer $ALICE_TOKEN" --json '{"messages":{"'"${BOB}"'":{"'"${BOB_DEVICE}"'":{"seq":1}}}}')",
        R"(curl -X PUT "$HS/_matrix/client/v3/sendToDevice/org.mxconform.test/t1-sdhhia" -H "Authorization: Bearer $ALICE_TOKEN" --json '{"messages":{"'"${BOB}"'":{"'"${BOB_DEVICE}"'":{"seq":1}}}}')",
        R"(curl "$HS/_matrix/client/v3/sync?timeout=998&since=${BOB_SINCE}" -H "Authorization: Bearer $BOB_TOKEN")"};
    EXPECT_EQ(app::curl_lines(t), want);
}

TEST(compare, curl_quotes_what_the_shell_would_read) {
    nlohmann::json t = {{"entries",
                         {{{"kind", "exchange"},
                           {"actor", "eve"},
                           {"method", "PUT"},
                           {"target", "/_matrix/client/v3/x/$(id)/`y`"},
                           {"request_headers", nlohmann::json::array()},
                           {"request_body", "{\"k\":\"it's\"}"}}}}};
    EXPECT_EQ(
        app::curl_lines(t),
        std::vector<std::string>{
            R"(curl -X PUT "$HS/_matrix/client/v3/x/\$(id)/\`y\`" --json '{"k":"it'\''s"}')"});
}

std::string error_of(const std::string& text) {
    return mxc::test::error_loading("index.json", text,
                                    [](const auto& file) { read_run_index(file); });
}

TEST(compare, bad_index_files_name_the_file_and_member) {
    EXPECT_EQ(error_of("{"), "F: not JSON");
    EXPECT_EQ(error_of("[]"), "F: not an index.json: needs the members \"run\" and \"cases\"");
    EXPECT_EQ(error_of(R"({"run": 1, "cases": []})"), "F: run: must be an object, not number");
    EXPECT_EQ(error_of(R"({"run": {}, "cases": {}})"), "F: cases: must be an array, not object");
    EXPECT_EQ(error_of(R"({"run": {}, "cases": [{"id": "a"}]})"), "F: cases[0].verdict: missing");
    EXPECT_EQ(error_of(R"({"run": {"facts": {"x": 1}}, "cases": []})"),
              "F: run.facts.x: must be a string, not number");
    EXPECT_EQ(
        error_of(
            R"({"run": {}, "cases": [{"id": "a", "verdict": "pass", "spec": {"section": []}}]})"),
        "F: cases[0].spec.section: must be a string, not array");
    EXPECT_EQ(
        error_of(
            R"({"run": {}, "cases": [{"id": "a", "verdict": "pass"}, {"id": "a", "verdict": "fail"}]})"),
        "F: cases[1].id: 'a' is repeated");
    EXPECT_EQ(error_of(R"({"run": {}, "cases": []})"), "(loaded)");
}

TEST(compare, cli_writes_the_files_or_one_line_and_exit_2) {
    temp_dir out;
    const auto a = (runs_dir / "synapse" / "index.json").string();
    const auto b = (runs_dir / "refserver" / "index.json").string();
    auto ok = mxc::test::run_cli({"compare", a, b, "--out", out.path().string(), "--gaps"}, 30s);
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    for (const char* f : {"compare.html", "compare.md", "gaps.md"})
        EXPECT_TRUE(fs::exists(out.path() / f)) << f;

    auto one = mxc::test::run_cli({"compare", a}, 30s);
    EXPECT_EQ(one.exit_code, 2);
    EXPECT_EQ(one.output,
              "mxconform compare: needs at least two index.json files to compare, got 1\n");
    const auto missing = (out.path() / "none.json").string();
    auto gone = mxc::test::run_cli({"compare", a, missing}, 30s);
    EXPECT_EQ(gone.exit_code, 2);
    EXPECT_EQ(gone.output, "mxconform compare: " + missing + ": cannot read the file\n");
}

}  // namespace
}  // namespace mxc::report::test
