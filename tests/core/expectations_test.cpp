// The expectations file: case id -> expected-fail or skip, each with a reason; anything else
// is an error naming file:line:column.
#include <gtest/gtest.h>

#include "core/expectations.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mxc::core {
namespace {

using test::temp_dir;

std::string expectations_error(const std::string& text) {
    return test::error_loading("exp.yaml", text, [](const auto& file) { load_expectations(file); });
}

TEST(Expectations, GoodFileLoads) {
    temp_dir dir;
    const auto file = dir.write("exp.yaml", R"(# known deviations of our target
to_device.limit.next_sync_returns_at_once:
  expect: expected-fail
  reason: "synapse#11457, fixed in 1.50"
to_device.wake.send_wakes_long_poll:
  reason: too slow on CI
  expect: skip
)");
    const auto e = load_expectations(file);
    ASSERT_EQ(e.size(), 2u);
    const auto& a = e.at("to_device.limit.next_sync_returns_at_once");
    EXPECT_EQ(a.kind, expectation::expected_fail);
    EXPECT_EQ(a.reason, "synapse#11457, fixed in 1.50");
    EXPECT_EQ(a.line, 2);
    const auto& b = e.at("to_device.wake.send_wakes_long_poll");
    EXPECT_EQ(b.kind, expectation::skip);
    EXPECT_EQ(b.reason, "too slow on CI");
    EXPECT_EQ(b.line, 5);
}

TEST(Expectations, EmptyFileMeansNoExpectations) {
    temp_dir dir;
    EXPECT_TRUE(load_expectations(dir.write("exp.yaml", "# nothing yet\n")).empty());
}

TEST(Expectations, MissingReason) {
    EXPECT_EQ(expectations_error("a.b:\n  expect: skip\n"), "F:2:3: 'a.b': a reason is required");
    EXPECT_EQ(expectations_error("a.b:\n  expect: skip\n  reason: \"\"\n"),
              "F:2:3: 'a.b': a reason is required");
}

// Issue 10: an entry's reason is what lets someone remove it one day; blank is no reason.
TEST(Expectations, BlankOrNonTextReason) {
    EXPECT_EQ(expectations_error("a.b:\n  expect: skip\n  reason: \"  \"\n"),
              "F:2:3: 'a.b': a reason is required");
    EXPECT_EQ(expectations_error("a.b:\n  expect: skip\n  reason: ~\n"),
              "F:2:3: 'a.b': a reason is required");
    EXPECT_EQ(expectations_error("a.b: {expect: skip}\n"), "F:1:6: 'a.b': a reason is required");
    EXPECT_EQ(expectations_error("a.b:\n  expect: skip\n  reason: [x]\n"),
              "F:3:11: 'a.b': reason must be text");
}

TEST(Expectations, MissingExpect) {
    EXPECT_EQ(expectations_error("a.b:\n  reason: why\n"), "F:2:3: 'a.b': missing 'expect'");
}

TEST(Expectations, BadKind) {
    EXPECT_EQ(expectations_error("a.b:\n  expect: xfail\n  reason: r\n"),
              "F:2:11: 'a.b': expect must be expected-fail or skip, not 'xfail'");
}

TEST(Expectations, UnknownKey) {
    EXPECT_EQ(expectations_error("a.b:\n  expect: skip\n  reason: r\n  until: 2025\n"),
              "F:4:3: 'a.b': unknown key 'until' (expect, reason)");
}

TEST(Expectations, WrongShapes) {
    EXPECT_EQ(expectations_error("a.b: skip\n"), "F:1:6: 'a.b': expected {expect, reason}");
    EXPECT_EQ(expectations_error("- a.b\n").substr(0, 17), "F:1:1: expected a");
}

TEST(Expectations, SyntaxErrorNamesFileLineColumn) {
    const auto msg = expectations_error("a.b:\n  expect: [skip\n");
    EXPECT_TRUE(msg.starts_with("F:")) << msg;
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(msg[2]))) << msg;
}

TEST(Expectations, MissingFile) {
    EXPECT_THROW(load_expectations("/nonexistent/mxc-exp.yaml"), std::runtime_error);
}

}  // namespace
}  // namespace mxc::core
