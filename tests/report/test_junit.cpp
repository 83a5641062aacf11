// junit.xml: well-formed whatever the server sent, counts that add up, and the verdict mapping
// documented in junit_reporter.hpp and reports/README.md.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fixture_run.hpp"
#include "report/junit_reporter.hpp"
#include "report/sanitize.hpp"
#include "xml_check.hpp"

namespace mxc::report {
namespace {

std::string junit(const core::run_summary& s, bool strict) {
    return junit_reporter::junit_xml(sanitized(s, test::redaction()), strict);
}

TEST(xml_check, catches_what_it_should) {
    EXPECT_EQ(test::xml_problem("<a><b x=\"1\"/>t &amp; &#233;</a>"), "");
    EXPECT_NE(test::xml_problem("<a><b></a></b>"), "");
    EXPECT_NE(test::xml_problem("<a>x & y</a>"), "");
    EXPECT_NE(test::xml_problem("<a>x < y</a>"), "");
    EXPECT_NE(test::xml_problem("<a x=\"<\"/>"), "");
    EXPECT_NE(test::xml_problem("<a>\x1b</a>"), "");
    EXPECT_NE(test::xml_problem("<a/><b/>"), "");
}

TEST(junit, is_well_formed) {
    for (auto* make : {&test::make_fixture_run, &test::make_setup_error_run}) {
        auto f = make();
        for (bool strict : {false, true})
            EXPECT_EQ(test::xml_problem(junit(f.summary, strict)), "");
    }
}

TEST(junit, counts_follow_the_mapping) {
    auto f = test::make_fixture_run();
    auto xml = junit(f.summary, false);
    // fail + unexpected-pass fail; error errs; skipped, unsupported, expected-fail are skipped.
    EXPECT_NE(
        xml.find(
            R"(<testsuites name="mxconform" tests="9" failures="2" errors="1" skipped="3" time="3.456">)"),
        std::string::npos);
    auto strict = junit(f.summary, true);
    EXPECT_NE(strict.find(
                  R"(<testsuites name="mxconform" tests="9" failures="3" errors="1" skipped="3")"),
              std::string::npos);
    EXPECT_NE(
        strict.find(
            R"(<failure message="Expected: at most 100 events / Actual: 150 events" type="non-strict">)"),
        std::string::npos);
}

TEST(junit, summary_strict_flag_counts_too) {
    auto f = test::make_fixture_run();
    f.summary.strict = true;
    test::temp_dir dir;
    junit_reporter(dir.path(), false, test::redaction()).run_finished(f.summary);
    auto xml = test::read_file(dir.path() / "junit.xml");
    EXPECT_NE(xml.find(R"(failures="3")"), std::string::npos);
}

TEST(junit, every_testcase_has_classname_and_properties) {
    auto f = test::make_fixture_run();
    f.defs.front()->suite.clear();  // falls back to the id's prefix
    auto xml = junit(f.summary, false);
    std::size_t cases = 0, pos = 0;
    while ((pos = xml.find("<testcase ", pos)) != std::string::npos) {
        ++cases;
        auto end = xml.find("</testcase>", pos);
        auto block = xml.substr(pos, end - pos);
        EXPECT_NE(block.find("classname=\""), std::string::npos);
        EXPECT_EQ(block.find("classname=\"\""), std::string::npos);
        EXPECT_NE(block.find("<property name=\"verdict\""), std::string::npos);
        EXPECT_NE(block.find("<property name=\"level\""), std::string::npos);
        pos = end;
    }
    EXPECT_EQ(cases, 9u);
}

TEST(junit, a_setup_error_is_an_erroring_testcase) {
    auto f = test::make_setup_error_run();
    auto xml = junit(f.summary, false);
    EXPECT_NE(
        xml.find(R"(<testsuites name="mxconform" tests="1" failures="0" errors="1" skipped="0")"),
        std::string::npos);
    EXPECT_NE(xml.find(R"(<testcase classname="mxconform.setup" name="setup")"), std::string::npos);
}

// An independent parser, where one is installed (Debian's python3).
TEST(junit, parses_with_python) {
    const char* python = "/usr/bin/python3";
    if (!std::filesystem::exists(python)) GTEST_SKIP() << "no " << python;
    auto f = test::make_fixture_run();
    test::temp_dir dir;
    auto path = dir.path() / "junit.xml";
    std::ofstream(path, std::ios::binary) << junit(f.summary, false);
    std::string cmd =
        std::string(python) +
        " -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot();"
        " sys.exit(0 if len(r.findall(\"testsuite/testcase\")) == 9 else 1)' " +
        path.string();
    EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace mxc::report
