// Every reporter's output for a fixed run, byte for byte (STYLE.md, from Catch2). The output
// must be deterministic: sorted by id, no clock but the run info's.
#include <gtest/gtest.h>

#include <sstream>

#include "fixture_run.hpp"
#include "golden.hpp"
#include "report/console_reporter.hpp"
#include "report/file_reporters.hpp"

namespace mxc::report::test {
namespace {

std::map<std::string, std::string> write_reports(const core::run_summary& s, bool strict = false) {
    temp_dir dir;
    for (auto& r : make_file_reporters(dir.path(), strict, redaction())) r->run_finished(s);
    return read_tree(dir.path());
}

std::string console_output(const core::run_summary& s, console_options options) {
    std::ostringstream out;
    console_reporter c(out, redaction(), options);
    c.run_started(s.info);
    std::size_t done = 0;
    for (const auto& r : s.results) c.case_finished(r, ++done, s.results.size());
    c.run_finished(s);
    return out.str();
}

TEST(golden, file_reports_of_a_full_run) {
    auto f = make_fixture_run();
    expect_golden_tree("full", write_reports(f.summary));
}

TEST(golden, file_reports_after_a_setup_error) {
    auto f = make_setup_error_run();
    expect_golden_tree("setup_error", write_reports(f.summary));
}

TEST(golden, console_plain) {
    auto f = make_fixture_run();
    expect_golden("console.txt",
                  console_output(f.summary, {.report_dir = "reports/r20240101T000000Z-4f2a"}));
}

TEST(golden, console_verbose) {
    auto f = make_fixture_run();
    expect_golden("console_verbose.txt", console_output(f.summary, {.verbose = true}));
}

TEST(golden, console_after_a_setup_error) {
    auto f = make_setup_error_run();
    expect_golden("console_setup_error.txt", console_output(f.summary, {}));
}

TEST(golden, output_does_not_depend_on_result_order) {
    auto f = make_fixture_run();
    auto before = write_reports(f.summary);
    std::reverse(f.summary.results.begin(), f.summary.results.end());
    EXPECT_EQ(before, write_reports(f.summary));
}

}  // namespace
}  // namespace mxc::report::test
