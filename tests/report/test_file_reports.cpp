// The file reporters as the runner uses them: all written after a setup error and for a
// partial run, index.json's shape, atomic writes, and a clear error when a file cannot be written.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture_run.hpp"
#include "report/file_reporters.hpp"
#include "report/json_reporter.hpp"
#include "util/atomic_file.hpp"

namespace mxc::report {
namespace {

using nlohmann::json;

std::map<std::string, std::string> write_all(const core::run_summary& s) {
    test::temp_dir dir;
    for (auto& r : make_file_reporters(dir.path(), false, test::redaction())) r->run_finished(s);
    return test::read_tree(dir.path());
}

TEST(file_reports, all_written_after_a_setup_error) {
    auto files = write_all(test::make_setup_error_run().summary);
    for (auto name : {"index.json", "junit.xml", "index.html", "summary.md"})
        EXPECT_TRUE(files.count(name)) << name;
    EXPECT_EQ(files.size(), 4u);  // no transcripts, no temporary files left behind
    auto index = json::parse(files["index.json"]);
    EXPECT_EQ(index["run"]["setup_error"],
              "cannot register a user at "
              "http://127.0.0.1:1/_synapse/admin/v1/register?access_token=<redacted> "
              "connection refused");
    EXPECT_EQ(index["run"]["partial"], true);
    EXPECT_EQ(index["run"]["exit_code"], 2);
    EXPECT_EQ(index["summary"], json::object());
    EXPECT_EQ(index["cases"], json::array());
    EXPECT_NE(files["summary.md"].find("**Setup error:**"), std::string::npos);
}

TEST(file_reports, a_partial_run_says_so) {
    auto f = test::make_fixture_run();
    f.summary.partial = true;
    f.summary.results.resize(4);
    auto files = write_all(f.summary);
    auto index = json::parse(files["index.json"]);
    EXPECT_EQ(index["run"]["partial"], true);
    EXPECT_EQ(index["cases"].size(), 4u);
    EXPECT_NE(files["summary.md"].find(
                  "4 cases in 3.5 s: 1 non-strict, 1 observed, 1 unsupported, 1 skipped (partial)"),
              std::string::npos);
    EXPECT_NE(files["index.html"].find("Partial run"), std::string::npos);
    EXPECT_NE(files["junit.xml"].find(R"(<property name="partial" value="true"/>)"),
              std::string::npos);
}

TEST(file_reports, index_json_is_sorted_counted_and_points_at_transcripts) {
    auto files = write_all(test::make_fixture_run().summary);
    auto index = json::parse(files["index.json"]);
    std::vector<std::string> ids;
    for (const auto& c : index["cases"]) {
        ids.push_back(c["id"]);
        EXPECT_TRUE(files.count(c["transcript"].get<std::string>())) << c["transcript"];
        for (auto key : {"verdict", "level", "duration_ms", "title", "suite", "spec", "requirement",
                         "ports", "expected", "actual", "reason", "metrics", "checks"})
            EXPECT_TRUE(c.contains(key)) << key;
    }
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(index["summary"].size(), 9u);
    int total = 0;
    for (const auto& [verdict, n] : index["summary"].items()) total += n.get<int>();
    EXPECT_EQ(total, 9);
    auto t = json::parse(files["transcripts/to_device.ack.redelivered_until_acked.json"]);
    std::vector<std::string> kinds;
    for (const auto& e : t["entries"]) kinds.push_back(e["kind"]);
    EXPECT_EQ(kinds, (std::vector<std::string>{"exchange", "wait", "wait", "note", "exchange"}));
    EXPECT_EQ(t["entries"][2]["satisfied"], false);
}

TEST(file_reports, a_case_without_definition_still_reports) {
    core::run_summary s;
    core::case_result r;
    r.v = core::verdict::error;
    r.error = "the case crashed";
    s.results.push_back(r);
    auto files = write_all(s);
    EXPECT_EQ(json::parse(files["index.json"])["cases"][0]["id"], "(unknown)");
    EXPECT_TRUE(files.count("transcripts/_unknown_.json"));
}

TEST(file_writer, replaces_a_file_whole) {
    test::temp_dir dir;
    auto path = dir.path() / "deep" / "er" / "f.txt";
    util::write_file_atomic(path, "first, longer content");
    util::write_file_atomic(path, "second");
    EXPECT_EQ(test::read_file(path), "second");
    EXPECT_EQ(test::read_tree(dir.path()).size(), 1u);
}

TEST(file_writer, says_which_file_it_could_not_write) {
    test::temp_dir dir;
    util::write_file_atomic(dir.path() / "a_file", "x");
    json_reporter reporter(dir.path() / "a_file",
                           test::redaction());  // a report dir that is a regular file
    try {
        reporter.run_finished(test::make_fixture_run().summary);
        FAIL() << "no write_error";
    } catch (const util::write_error& e) {
        EXPECT_NE(std::string(e.what()).find("a_file"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace mxc::report
