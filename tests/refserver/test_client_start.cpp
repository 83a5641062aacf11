// What a full client reads before its first /sync (issue #12): GET /pushrules/, the filter
// API, GET /capabilities and /sync?filter=, and the start of matrix-js-sdk driven in its own
// order through to a to-device message between two devices.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace mxc::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The rule_ids of one kind of rules, in order.
std::vector<std::string> rule_ids(const json& rules) {
    std::vector<std::string> out;
    for (const auto& r : rules) out.push_back(r.at("rule_id"));
    return out;
}

const json* find_rule(const json& rules, const std::string& id) {
    for (const auto& r : rules)
        if (r.at("rule_id") == id) return &r;
    return nullptr;
}

struct start_test : ::testing::Test {
    test_server srv;
    client c{srv.base_url()};
    account alice = c.must_register("alice", "pw-a");

    api_reply get(const std::string& rest, const account& as) {
        return c.call(http::verb::get, c.path(rest), {}, as.access_token);
    }
    api_reply post_filter(const account& as, const std::string& user_id, const std::string& body) {
        return c.call(http::verb::post, c.path("/user/" + encode(user_id) + "/filter"), body,
                      as.access_token);
    }
    std::string must_filter(const account& as, const json& filter) {
        auto r = post_filter(as, as.user_id, filter.dump());
        if (r.status != 200 || !r.body["filter_id"].is_string())
            throw std::runtime_error("create filter: " + r.describe());
        return r.body["filter_id"];
    }
};

TEST_F(start_test, pushrules_are_the_default_set_of_a_new_account) {
    auto r = get("/pushrules/", alice);
    ASSERT_EQ(r.status, 200u) << r.describe();
    const auto& global = r.body.at("global");
    EXPECT_THAT(
        rule_ids(global.at("override")),
        ElementsAre(".m.rule.master", ".m.rule.suppress_notices", ".m.rule.invite_for_me",
                    ".m.rule.member_event", ".m.rule.is_user_mention",
                    ".m.rule.contains_display_name", ".m.rule.is_room_mention", ".m.rule.roomnotif",
                    ".m.rule.tombstone", ".m.rule.reaction", ".m.rule.room.server_acl"));
    EXPECT_THAT(rule_ids(global.at("content")), ElementsAre(".m.rule.contains_user_name"));
    EXPECT_THAT(global.at("room"), IsEmpty());
    EXPECT_THAT(global.at("sender"), IsEmpty());
    EXPECT_THAT(rule_ids(global.at("underride")),
                ElementsAre(".m.rule.call", ".m.rule.encrypted_room_one_to_one",
                            ".m.rule.room_one_to_one", ".m.rule.message", ".m.rule.encrypted"));
    for (const char* kind : {"override", "content", "underride"}) {
        for (const auto& rule : global.at(kind)) {
            EXPECT_EQ(rule.at("default"), true) << rule;
            EXPECT_EQ(rule.at("enabled"), rule.at("rule_id") != ".m.rule.master") << rule;
            EXPECT_TRUE(rule.at("actions").is_array()) << rule;
        }
    }
    // The user's own parts: the content rule's pattern and the invite rule's state_key.
    EXPECT_EQ(global["content"][0]["pattern"], "alice");
    const auto* invite = find_rule(global["override"], ".m.rule.invite_for_me");
    ASSERT_NE(invite, nullptr);
    EXPECT_THAT(invite->at("conditions"),
                ::testing::Contains(json{
                    {"kind", "event_match"}, {"key", "state_key"}, {"pattern", alice.user_id}}));
    const auto* mention = find_rule(global["override"], ".m.rule.is_user_mention");
    ASSERT_NE(mention, nullptr);
    EXPECT_EQ(mention->at("conditions"), (json::array({{{"kind", "event_property_contains"},
                                                        {"key", "content.m\\.mentions.user_ids"},
                                                        {"value", alice.user_id}}})));
    const auto* display_name = find_rule(global["override"], ".m.rule.contains_display_name");
    ASSERT_NE(display_name, nullptr);
    EXPECT_EQ(display_name->at("conditions"),
              json::parse(R"([{"kind": "contains_display_name"}])"));
    // A highlight tweak means true; a rule that notifies without highlighting has none.
    EXPECT_THAT(global["content"][0]["actions"],
                ::testing::Contains(json{{"set_tweak", "highlight"}}));
    const auto* one_to_one = find_rule(global["underride"], ".m.rule.room_one_to_one");
    ASSERT_NE(one_to_one, nullptr);
    EXPECT_THAT(one_to_one->at("conditions"),
                ::testing::Contains(json{{"kind", "room_member_count"}, {"is", "2"}}));
    EXPECT_EQ(one_to_one->at("actions"),
              json::parse(R"(["notify", {"set_tweak": "sound", "value": "default"}])"));
}

TEST_F(start_test, pushrules_and_capabilities_need_a_token_and_a_get) {
    for (const char* rest : {"/pushrules/", "/capabilities"}) {
        auto anonymous = c.call(http::verb::get, c.path(rest));
        EXPECT_EQ(anonymous.status, 401u) << rest << ": " << anonymous.describe();
        EXPECT_EQ(anonymous.errcode(), "M_MISSING_TOKEN") << rest;
        auto put = c.call(http::verb::put, c.path(rest), "{}", alice.access_token);
        EXPECT_EQ(put.status, 405u) << rest << ": " << put.describe();
    }
}

TEST_F(start_test, capabilities_say_what_this_server_cannot_do) {
    auto r = get("/capabilities", alice);
    ASSERT_EQ(r.status, 200u) << r.describe();
    const auto& caps = r.body.at("capabilities");
    EXPECT_EQ(caps["m.change_password"]["enabled"], false);
    const auto& versions = caps.at("m.room_versions");
    ASSERT_TRUE(versions["default"].is_string()) << r.describe();
    EXPECT_TRUE(versions["available"].contains(versions["default"].get<std::string>()));
}

TEST_F(start_test, a_stored_filter_reads_back_as_stored) {
    const json filter{{"room", {{"timeline", {{"limit", 20}}}}}, {"event_format", "client"}};
    const auto id = must_filter(alice, filter);
    EXPECT_FALSE(id.empty());
    EXPECT_NE(id.front(), '{');  // the spec tells ids from inline filters by that
    auto r = get("/user/" + encode(alice.user_id) + "/filter/" + encode(id), alice);
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body, filter);
    EXPECT_NE(must_filter(alice, json::object()), id);
}

TEST_F(start_test, a_filter_survives_a_restart) {
    const auto id = must_filter(alice, {{"presence", {{"not_types", {"*"}}}}});
    srv.restart();
    client again(srv.base_url());
    auto r = again.call(http::verb::get,
                        again.path("/user/" + encode(alice.user_id) + "/filter/" + encode(id)), {},
                        alice.access_token);
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body["presence"]["not_types"], json::array({"*"}));
}

TEST_F(start_test, a_filter_body_must_be_a_filter_object) {
    for (const auto& [body, errcode] : std::vector<std::pair<std::string, std::string>>{
             {"not json", "M_NOT_JSON"},
             {"[1, 2]", "M_BAD_JSON"},
             {R"({"event_fields": "content.body"})", "M_BAD_JSON"},
             {R"({"event_format": "raw"})", "M_BAD_JSON"},
             {R"({"room": []})", "M_BAD_JSON"}}) {
        auto r = post_filter(alice, alice.user_id, body);
        EXPECT_EQ(r.status, 400u) << body << ": " << r.describe();
        EXPECT_EQ(r.errcode(), errcode) << body;
    }
}

TEST_F(start_test, filters_of_another_user_are_forbidden) {
    auto bob = c.must_register("bob", "pw-b");
    const auto id = must_filter(alice, json::object());
    auto create = post_filter(bob, alice.user_id, "{}");
    EXPECT_EQ(create.status, 403u) << create.describe();
    EXPECT_EQ(create.errcode(), "M_FORBIDDEN");
    auto read = get("/user/" + encode(alice.user_id) + "/filter/" + encode(id), bob);
    EXPECT_EQ(read.status, 403u) << read.describe();
    EXPECT_EQ(read.errcode(), "M_FORBIDDEN");
    // Under bob's own name alice's id is no filter of his.
    auto own = get("/user/" + encode(bob.user_id) + "/filter/" + encode(id), bob);
    EXPECT_EQ(own.status, 404u) << own.describe();
    auto anonymous =
        c.call(http::verb::post, c.path("/user/" + encode(alice.user_id) + "/filter"), "{}");
    EXPECT_EQ(anonymous.status, 401u) << anonymous.describe();
}

TEST_F(start_test, an_unknown_filter_id_is_404) {
    for (const char* id : {"12345", "abc", "-1"}) {
        auto r = get("/user/" + encode(alice.user_id) + "/filter/" + id, alice);
        EXPECT_EQ(r.status, 404u) << id << ": " << r.describe();
        EXPECT_EQ(r.errcode(), "M_NOT_FOUND") << id;
    }
}

TEST_F(start_test, sync_takes_a_filter_id_or_an_inline_filter) {
    const auto id = must_filter(alice, {{"room", {{"timeline", {{"limit", 1}}}}}});
    for (const auto& filter : {id, std::string(R"({"room":{"rooms":[]}})")}) {
        auto r = get("/sync?filter=" + encode(filter), alice);
        EXPECT_EQ(r.status, 200u) << filter << ": " << r.describe();
        EXPECT_TRUE(r.body.contains("next_batch")) << filter;
    }
}

TEST_F(start_test, sync_with_an_unusable_filter_is_400) {
    auto bob = c.must_register("bob", "pw-b");
    const auto bobs = must_filter(bob, json::object());
    for (const auto& filter :
         {std::string("999"), bobs, std::string("{not json"), std::string(R"({"room": 1})")}) {
        auto r = get("/sync?filter=" + encode(filter), alice);
        EXPECT_EQ(r.status, 400u) << filter << ": " << r.describe();
        EXPECT_EQ(r.errcode(), "M_INVALID_PARAM") << filter;
    }
}

TEST_F(start_test, the_new_endpoints_answer_under_r0_too) {
    client r0(srv.base_url(), "/_matrix/client/r0");
    for (const char* rest : {"/pushrules/", "/capabilities"}) {
        auto r = r0.call(http::verb::get, r0.path(rest), {}, alice.access_token);
        EXPECT_EQ(r.status, 200u) << rest << ": " << r.describe();
    }
    auto created = r0.call(http::verb::post, r0.path("/user/" + encode(alice.user_id) + "/filter"),
                           "{}", alice.access_token);
    ASSERT_EQ(created.status, 200u) << created.describe();
    auto sync =
        r0.call(http::verb::get, r0.path("/sync?filter=" + encode(created.body["filter_id"])), {},
                alice.access_token);
    EXPECT_EQ(sync.status, 200u) << sync.describe();
}

// One device started the way matrix-js-sdk starts: versions, login, push rules, a filter,
// the initial sync with that filter, capabilities. Returns the device and its since token.
struct started {
    account device;
    std::string filter_id;
    std::string since;
};

started start_like_js_sdk(client& c, const std::string& user_id, const std::string& password) {
    auto step = [](const char* what, const api_reply& r) {
        if (r.status != 200) throw std::runtime_error(std::string(what) + ": " + r.describe());
        return r.body;
    };
    step("versions", c.call(http::verb::get, "/_matrix/client/versions"));
    auto login =
        step("login", c.call_json(http::verb::post, c.path("/login"),
                                  {{"type", "m.login.password"},
                                   {"identifier", {{"type", "m.id.user"}, {"user", user_id}}},
                                   {"password", password},
                                   {"initial_device_display_name", "js-sdk"}}));
    const account device{login.at("user_id"), login.at("device_id"), login.at("access_token"),
                         password};
    const auto& token = device.access_token;
    step("pushrules", c.call(http::verb::get, c.path("/pushrules/"), {}, token));
    const json filter{
        {"room", {{"timeline", {{"limit", 20}}}, {"state", {{"lazy_load_members", true}}}}}};
    auto made =
        step("filter", c.call_json(http::verb::post, c.path("/user/" + encode(user_id) + "/filter"),
                                   filter, token));
    const std::string filter_id = made.at("filter_id");
    auto first =
        step("sync", c.call(http::verb::get,
                            c.path("/sync?filter=" + encode(filter_id) + "&timeout=0"), {}, token));
    step("capabilities", c.call(http::verb::get, c.path("/capabilities"), {}, token));
    return {device, filter_id, first.at("next_batch")};
}

TEST_F(start_test, js_sdk_start_then_a_to_device_message_between_two_devices) {
    auto bob = c.must_register("bob", "pw-b");
    auto a = start_like_js_sdk(c, alice.user_id, "pw-a");
    auto b = start_like_js_sdk(c, bob.user_id, "pw-b");

    const json content{{"algorithm", "m.olm.v1.curve25519-aes-sha2"}, {"seq", 1}};
    c.must_send(a.device, "m.room.encrypted", "js1", to_one(b.device, content));

    auto sync = [&](const started& s, const std::string& since) {
        auto r = c.call(http::verb::get,
                        c.path("/sync?filter=" + encode(s.filter_id) + "&since=" + encode(since) +
                               "&timeout=5000"),
                        {}, s.device.access_token);
        if (r.status != 200) throw std::runtime_error("sync: " + r.describe());
        return r.body;
    };
    auto got = sync(b, b.since);
    EXPECT_EQ(
        to_device_events(got),
        (json::array(
            {{{"sender", alice.user_id}, {"type", "m.room.encrypted"}, {"content", content}}})));
    // Acknowledged by the next since: it is not listed again.
    auto again = c.call(
        http::verb::get,
        c.path("/sync?filter=" + encode(b.filter_id) + "&since=" + encode(got.at("next_batch"))),
        {}, b.device.access_token);
    ASSERT_EQ(again.status, 200u) << again.describe();
    EXPECT_THAT(to_device_events(again.body), IsEmpty());
    // The reply reaches the sender's js-sdk device only.
    c.must_send(b.device, "m.room.encrypted", "js1", to_one(a.device, {{"seq", 2}}));
    EXPECT_THAT(seqs(sync(a, a.since)), ElementsAre(2));
    EXPECT_THAT(to_device_events(c.must_sync(alice)), IsEmpty());
}

}  // namespace
}  // namespace mxc::test
