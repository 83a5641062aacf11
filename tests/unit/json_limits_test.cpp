// matrix/json_limits: what a peer's JSON may be (issue 12, "Hostile peers").
#include <gtest/gtest.h>

#include "matrix/json_limits.hpp"

namespace mxc::matrix {
namespace {

TEST(JsonLimits, DuplicateNamesAreRefusedUnlessKeptLast) {
    const std::string text = R"({"a":{"b":1,"b":2},"c":3})";
    const auto refused = parse_checked(text);
    EXPECT_FALSE(refused.value);
    EXPECT_EQ(refused.problem, "names a member twice in one object");
    EXPECT_FALSE(refused.over_limits);
    const auto kept = parse_bounded(text, duplicate_names::keep_last);
    ASSERT_TRUE(kept);
    EXPECT_EQ((*kept)["a"]["b"], 2);
    // The same name in different objects is no duplicate.
    EXPECT_TRUE(parse_bounded(R"({"a":{"b":1},"c":{"b":1},"b":[{"b":1},{"b":2}]})"));
}

TEST(JsonLimits, DepthAndValueCountAreBounded) {
    const auto deep = parse_checked(std::string(600, '[') + std::string(600, ']'));
    EXPECT_FALSE(deep.value);
    EXPECT_TRUE(deep.over_limits);
    std::string wide = "[0";
    for (std::size_t i = 0; i < max_json_values; ++i) wide += ",0";
    const auto many = parse_checked(wide + "]");
    EXPECT_FALSE(many.value);
    EXPECT_TRUE(many.over_limits);
    EXPECT_EQ(many.problem, "holds more than 1000000 values");
    // Brackets and commas inside strings are not structure.
    EXPECT_TRUE(parse_bounded("[\"" + std::string(2'000, '[') + std::string(2'000, ',') + "\"]"));
}

TEST(JsonLimits, NotJsonSaysSo) {
    EXPECT_EQ(parse_checked("{\"a\":1e400}").problem, "is not JSON");
    EXPECT_EQ(parse_checked("{\"a\":\"\xff\"}").problem, "is not JSON");
}

}  // namespace
}  // namespace mxc::matrix
