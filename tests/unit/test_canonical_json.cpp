// Canonical JSON (spec appendices, "Canonical JSON"): the spec's examples, the grammar's escape
// rules, the integer range, and the refusals with the JSON pointer of the culprit.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "matrix/canonical_json.hpp"

namespace mxc::matrix {
namespace {

using nlohmann::json;

TEST(canonical_json, produces_the_spec_examples) {
    // Inputs are written pretty-printed and out of order on purpose; outputs are the spec's.
    const std::vector<std::pair<std::string, std::string>> examples = {
        {"{}", "{}"},
        {R"({ "one": 1, "two": "Two" })", R"({"one":1,"two":"Two"})"},
        {R"({ "b": "2", "a": "1" })", R"({"a":"1","b":"2"})"},
        {R"({"b":"2","a":"1"})", R"({"a":"1","b":"2"})"},
        {R"({"auth": {"success": true, "mxid": "@john.doe:example.com",
             "profile": {"display_name": "John Doe", "three_pids": [
               {"medium": "email", "address": "john.doe@example.org"},
               {"medium": "msisdn", "address": "123456789"}]}}})",
         R"({"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe",)"
         R"("three_pids":[{"address":"john.doe@example.org","medium":"email"},)"
         R"({"address":"123456789","medium":"msisdn"}]},"success":true}})"},
        {"{\"a\": \"日本語\"}", "{\"a\":\"日本語\"}"},
        {"{\"本\": 2, \"日\": 1}", "{\"日\":1,\"本\":2}"},
        {R"({"a": "\u65E5"})", "{\"a\":\"日\"}"},
        {R"({"a": null})", R"({"a":null})"},
        {R"({"a": -0})", R"({"a":0})"},
    };
    for (const auto& [input, expected] : examples)
        EXPECT_EQ(canonical_json(json::parse(input)), expected) << input;
}

TEST(canonical_json, refuses_the_float_in_the_spec_example_with_1e10) {
    // The spec's last example turns 1e10 into 10000000000, yet its note says floats are not
    // permitted. A parsed 1e10 is a float here, and floats are refused, as the brief asks.
    EXPECT_THROW(canonical_json(json::parse(R"({"a": -0, "b": 1e10})")), canonical_json_error);
}

TEST(canonical_json, writes_scalars_and_empty_containers_without_whitespace) {
    EXPECT_EQ(canonical_json(json::parse(R"([ true, false, null, [], {}, [[ ]], "" ])")),
              R"([true,false,null,[],{},[[]],""])");
    EXPECT_EQ(canonical_json(json(-42)), "-42");
    EXPECT_EQ(canonical_json(json("x")), "\"x\"");
}

TEST(canonical_json, escapes_only_what_the_grammar_allows) {
    const std::string input = std::string("\"\\\b\t\n\f\r", 7) + std::string("\0\x0b\x1b\x1f", 4) +
                              "/\x7f" + "\xe2\x80\xa8" + "\xf0\x9f\x98\x80" + "é";
    const std::string expected = R"("\"\\\b\t\n\f\r\u0000\u000b\u001b\u001f/)" +
                                 std::string("\x7f\xe2\x80\xa8\xf0\x9f\x98\x80") + "é\"";
    EXPECT_EQ(canonical_json(json(input)), expected);
}

TEST(canonical_json, sorts_keys_by_code_point_not_utf16_unit) {
    // U+FF61 < U+1F600 by code point; UTF-16 would put the surrogate 0xD83D first.
    const json object = {{"\xf0\x9f\x98\x80", 2},
                         {"\xef\xbd\xa1", 1},
                         {"b", 0},
                         {"B", 0},
                         {"aa", 0},
                         {"a", 0},
                         {"", 0},
                         {"é", 0}};
    EXPECT_EQ(canonical_json(object),
              "{\"\":0,\"B\":0,\"a\":0,\"aa\":0,\"b\":0,\"é\":0,\"\xef\xbd\xa1\":1,"
              "\"\xf0\x9f\x98\x80\":2}");
}

TEST(canonical_json, accepts_integers_up_to_2_pow_53_minus_1) {
    EXPECT_EQ(canonical_json(json(max_canonical_integer)), "9007199254740991");
    EXPECT_EQ(canonical_json(json(-max_canonical_integer)), "-9007199254740991");
    EXPECT_EQ(canonical_json(json::parse("9007199254740991")), "9007199254740991");
    EXPECT_EQ(canonical_json(json(std::uint64_t{0})), "0");
}

void expect_refused(const json& value, const std::string& pointer, const std::string& words) {
    try {
        const auto out = canonical_json(value);
        ADD_FAILURE() << value.dump() << " was accepted as " << out;
    } catch (const canonical_json_error& e) {
        EXPECT_EQ(e.pointer(), pointer) << e.what();
        EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
        if (!pointer.empty()) {
            EXPECT_NE(std::string(e.what()).find("\"" + pointer + "\""), std::string::npos)
                << e.what();
        }
    }
}

TEST(canonical_json, refuses_integers_out_of_range) {
    expect_refused(json(max_canonical_integer + 1), "", "outside");
    expect_refused(json(-max_canonical_integer - 1), "", "outside");
    expect_refused(json::parse("9007199254740992"), "", "outside");
    expect_refused(json(std::numeric_limits<std::uint64_t>::max()), "", "outside");
    expect_refused(json(std::numeric_limits<std::int64_t>::min()), "", "outside");
}

TEST(canonical_json, refuses_floats_even_integral_ones) {
    expect_refused(json::parse(R"({"a":1.5})"), "/a", "float");
    expect_refused(json::parse(R"({"a":1.0})"), "/a", "float");
    expect_refused(json::parse(R"({"a":-0.0})"), "/a", "float");
    expect_refused(json::parse(R"([0,[1,2e3]])"), "/1/1", "float");
}

TEST(canonical_json, names_the_culprit_by_json_pointer) {
    expect_refused(json::parse(R"({"a":[0,{"b/c~":1.5}]})"), "/a/1/b~1c~0", "float");
    expect_refused(json::parse(R"({"ok":1,"z":{"":[9007199254740992]}})"), "/z//0", "outside");
}

TEST(canonical_json, refuses_invalid_utf8_in_values_and_keys) {
    const std::vector<std::string> bad = {
        "\xff",              // never valid
        "\xc0\xaf",          // overlong '/'
        "\xe0\x80\xaf",      // overlong '/'
        "\xed\xa0\x80",      // UTF-16 surrogate
        "\xf4\x90\x80\x80",  // above U+10FFFF
        "\xe6\x97",          // truncated
        "\x80",              // lone continuation
        "a\xf0\x9f\x98",     // truncated astral at the end
    };
    for (const auto& s : bad) {
        expect_refused(json{{"k", s}}, "/k", "invalid UTF-8");
        expect_refused(json{{s, 1}}, "/" + s, "invalid UTF-8");
    }
}

TEST(canonical_json, for_signing_leaves_out_top_level_signatures_and_unsigned_only) {
    const json object = json::parse(R"({"b":1,"signatures":{"x":{}},"unsigned":{"age":1},
                                        "a":{"signatures":2,"unsigned":3}})");
    EXPECT_EQ(canonical_json_for_signing(object), R"({"a":{"signatures":2,"unsigned":3},"b":1})");
    EXPECT_THROW(canonical_json_for_signing(json::array()), std::invalid_argument);
}

}  // namespace
}  // namespace mxc::matrix
