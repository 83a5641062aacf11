// The `expect:` block: its matchers are checked when the suite loads (an unknown one is an
// error naming file:line:column) and each is applied to an answer, passing and failing.
#include <gtest/gtest.h>

#include "steps/expect.hpp"
#include "steps/load_error.hpp"

namespace mxc::steps {
namespace {

const core::source_mark here{"suites/x.yaml", 12, 7};

std::string load_message(const json& expect) {
    try {
        validate_expect(expect, here);
    } catch (const load_error& e) {
        return e.what();
    }
    return "";
}

json sync_with(std::initializer_list<json> evs) {
    json list = json::array();
    for (const auto& e : evs) list.push_back(e);
    return {{"next_batch", "s2"}, {"to_device", {{"events", list}}}};
}
json ev(int seq) {
    return {{"sender", "@a:x"}, {"type", "t"}, {"content", {{"seq", seq}}}};
}

TEST(ValidateExpect, AcceptsEveryKnownMatcher) {
    EXPECT_NO_THROW(
        validate_expect({{"status", 200},
                         {"status_class", "4xx"},
                         {"errcode", "M_NOT_JSON"},
                         {"body", json::object()},
                         {"body_has", {{"a", 1}}},
                         {"to_device_has", {{"content", {{"seq", 1}}}}},
                         {"to_device_lacks", json::array({{{"content", {{"seq", 2}}}}})},
                         {"to_device_exactly", json::array()},
                         {"to_device_count", 0},
                         {"to_device_at_most", 100},
                         {"to_device_values", {{"pointer", "/content/seq"}, {"range", {1, 3}}}}},
                        here));
    EXPECT_NO_THROW(validate_expect({{"status", {400, 404}}}, here));
    EXPECT_NO_THROW(validate_expect(
        {{"to_device_values", {{"pointer", "/content/seq"}, {"equals", {1}}}}}, here));
}

TEST(ValidateExpect, UnknownMatcherNamesFileLineColumnAndTheKey) {
    const auto msg = load_message({{"stauts", 200}});
    EXPECT_TRUE(msg.starts_with("suites/x.yaml:12:7: unknown matcher 'stauts' in expect")) << msg;
    EXPECT_NE(msg.find("status_class"), std::string::npos)
        << "the message lists the known matchers: " << msg;
}

TEST(ValidateExpect, RejectsValuesOfTheWrongShape) {
    for (const json& bad :
         {json{{"status", "200"}}, json{{"status_class", 4}}, json{{"errcode", true}},
          json{{"to_device_count", -1}}, json{{"to_device_count", "1"}},
          json{{"to_device_at_most", 1.5}}, json{{"to_device_exactly", json::object()}},
          json{{"to_device_values", {{"equals", {1}}}}},
          json{{"to_device_values", {{"pointer", "/c"}}}},
          json{{"to_device_values", {{"pointer", "/c"}, {"range", {1}}}}},
          json{{"to_device_values", {{"pointer", "/c"}, {"range", {1, "9"}}}}},
          json{{"to_device_values", {{"pointer", "content/seq"}, {"equals", {1}}}}},
          json{{"to_device_values", {{"pointer", 3}, {"equals", {1}}}}},
          json{{"to_device_values", {{"pointer", "/c"}, {"equals", 1}}}}}) {
        const auto msg = load_message(bad);
        EXPECT_TRUE(msg.starts_with("suites/x.yaml:12:7: ")) << bad.dump() << " -> '" << msg << "'";
        EXPECT_NE(msg.find(bad.begin().key()), std::string::npos) << msg;
    }
    EXPECT_TRUE(
        load_message(json::array()).starts_with("suites/x.yaml:12:7: 'expect' must be a map"));
}

// One answer that passes and one that fails per matcher; the failure names the matcher.
struct matcher_case {
    json expect;
    unsigned status;
    json body;
    bool passes;
    std::string where = {};  // the mismatch's pointer, when it fails
};

TEST(FirstFailure, EachMatcherPassesAndFails) {
    const json err = {{"errcode", "M_NOT_JSON"}, {"error", "bad"}};
    const std::vector<matcher_case> cases = {
        {{{"status", 200}}, 200, json::object(), true},
        {{{"status", 200}}, 400, err, false, "status"},
        {{{"status", {400, 404}}}, 404, err, true},
        {{{"status", {400, 404}}}, 401, err, false, "status"},
        {{{"status_class", "4xx"}}, 413, err, true},
        {{{"status_class", "4xx"}}, 500, err, false, "status"},
        {{{"errcode", "M_NOT_JSON"}}, 400, err, true},
        {{{"errcode", "M_BAD_JSON"}}, 400, err, false, "/errcode"},
        {{{"errcode", "*"}}, 400, err, true},
        {{{"errcode", "*"}}, 400, json::object(), false, "/errcode"},
        {{{"errcode", "*"}}, 502, json(), false, "/errcode"},
        {{{"body", json::object()}}, 200, json::object(), true},
        {{{"body", json::object()}}, 200, {{"x", 1}}, false, "/x"},
        {{{"body_has", {{"a", 1}}}}, 200, {{"a", 1}, {"b", 2}}, true},
        {{{"body_has", {{"a", 1}}}}, 200, {{"a", 2}}, false, "/a"},
        {{{"to_device_has", {{"content", {{"seq", 1}}}}}}, 200, sync_with({ev(1)}), true},
        {{{"to_device_has", {{"content", {{"seq", 1}}}}}},
         200,
         sync_with({ev(2)}),
         false,
         "/to_device/events"},
        {{{"to_device_has", json::array({ev(1), ev(2)})}}, 200, sync_with({ev(2), ev(1)}), true},
        {{{"to_device_has", json::array({ev(1), ev(3)})}},
         200,
         sync_with({ev(1)}),
         false,
         "/to_device/events"},
        {{{"to_device_lacks", {{"content", {{"seq", 1}}}}}}, 200, sync_with({ev(2)}), true},
        {{{"to_device_lacks", {{"content", {{"seq", 1}}}}}},
         200,
         sync_with({ev(1)}),
         false,
         "/to_device/events/0"},
        {{{"to_device_lacks", json::array({ev(3), ev(2)})}},
         200,
         sync_with({ev(1), ev(2)}),
         false,
         "/to_device/events/1"},
        {{{"to_device_exactly", json::array({ev(1)})}}, 200, sync_with({ev(1)}), true},
        {{{"to_device_exactly", json::array({ev(1)})}},
         200,
         sync_with({ev(2)}),
         false,
         "/to_device/events/0/content/seq"},
        {{{"to_device_count", 0}}, 200, {{"next_batch", "s"}}, true},
        {{{"to_device_count", 1}}, 200, {{"next_batch", "s"}}, false, "/to_device/events"},
        {{{"to_device_at_most", 1}}, 200, sync_with({ev(1)}), true},
        {{{"to_device_at_most", 1}}, 200, sync_with({ev(1), ev(2)}), false, "/to_device/events"},
        {{{"to_device_values", {{"pointer", "/content/seq"}, {"range", {1, 3}}}}},
         200,
         sync_with({ev(1), ev(2), ev(3)}),
         true},
        {{{"to_device_values", {{"pointer", "/content/seq"}, {"range", {1, 3}}}}},
         200,
         sync_with({ev(1), ev(3)}),
         false,
         "/to_device/events"},
        {{{"to_device_values", {{"pointer", "/content/seq"}, {"equals", {2}}}}},
         200,
         sync_with({ev(2)}),
         true},
        {{{"to_device_values", {{"pointer", "/content/seq"}, {"equals", {2}}}}},
         200,
         sync_with({ev(2), ev(2)}),
         false,
         "/to_device/events"},
    };
    for (const auto& c : cases) {
        ASSERT_NO_THROW(validate_expect(c.expect, here)) << c.expect.dump();
        const auto f = first_failure(c.expect, c.status, c.body);
        EXPECT_EQ(!f, c.passes) << c.expect.dump() << " on HTTP " << c.status << " "
                                << c.body.dump();
        if (f) {
            EXPECT_EQ(f->matcher, c.expect.begin().key());
            EXPECT_EQ(f->m.where, c.where) << c.expect.dump();
            EXPECT_FALSE(f->m.expected.empty());
            EXPECT_FALSE(f->m.actual.empty());
        }
    }
}

TEST(FirstFailure, ReadableTextsForStatusAndErrcode) {
    auto f = first_failure({{"status", 200}}, 503, json());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->m.expected, "HTTP 200");
    EXPECT_EQ(f->m.actual, "HTTP 503");
    f = first_failure({{"errcode", "M_FORBIDDEN"}}, 401, {{"errcode", "M_MISSING_TOKEN"}});
    ASSERT_TRUE(f);
    EXPECT_EQ(f->m.expected, "errcode M_FORBIDDEN");
    EXPECT_EQ(f->m.actual, "errcode M_MISSING_TOKEN");
}

TEST(FirstFailure, AllMatchersOfABlockMustHold) {
    const json expect = {{"status", 200}, {"to_device_count", 1}};
    EXPECT_FALSE(first_failure(expect, 200, sync_with({ev(1)})));
    auto f = first_failure(expect, 200, sync_with({}));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->matcher, "to_device_count");
}

TEST(FirstFailure, DefaultIsPlainSuccess) {
    EXPECT_FALSE(first_failure(default_expect(), 200, json::object()));
    EXPECT_TRUE(first_failure(default_expect(), 500, json::object()));
}

}  // namespace
}  // namespace mxc::steps
