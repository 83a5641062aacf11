// PUT /sendToDevice over HTTP: who receives what, transaction-id idempotency, and the answers
// to malformed, unauthenticated and oversized requests. Absence is proven with a sentinel.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace mxc::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Two users, bob with a second device; each test gets a server of its own.
struct send_test : ::testing::Test {
    test_server srv;
    client c{srv.base_url()};
    account alice = c.must_register("alice", "pw-a");
    account bob = c.must_register("bob", "pw-b");
    account bob2 = c.must_login(bob.user_id, "pw-b");

    std::vector<int> seqs_of(const json& events) {
        std::vector<int> out;
        for (const auto& e : events) out.push_back(e.at("content").at("seq"));
        return out;
    }
    std::vector<int> received(const account& who) {
        return seqs_of(events_until_sentinel(c, alice, who));
    }
};

TEST_F(send_test, one_device_gets_the_event_as_sender_type_content) {
    c.must_send(alice, type, "t1", to_one(bob, {{"seq", 1}, {"body", "hi"}}));
    auto events = to_device_events(c.must_sync(bob));
    ASSERT_EQ(events.size(), 1u) << events.dump();
    EXPECT_EQ(events[0], (json{{"sender", alice.user_id},
                               {"type", type},
                               {"content", {{"seq", 1}, {"body", "hi"}}}}));
    // Only the device addressed.
    EXPECT_THAT(received(bob2), IsEmpty());
}

TEST_F(send_test, two_users_each_get_their_own_content) {
    auto carol = c.must_register("carol");
    json messages = to_one(bob, {{"seq", 1}});
    messages.update(to_one(carol, {{"seq", 2}}));
    c.must_send(alice, type, "t1", messages);
    EXPECT_THAT(received(bob), ElementsAre(1));
    EXPECT_THAT(received(carol), ElementsAre(2));
}

TEST_F(send_test, a_device_can_send_to_itself) {
    c.must_send(alice, type, "t1", to_one(alice, {{"seq", 7}}));
    EXPECT_THAT(received(alice), ElementsAre(7));
}

TEST_F(send_test, wildcard_reaches_every_device_of_the_user) {
    c.must_send(alice, type, "t1", {{bob.user_id, {{"*", {{"seq", 1}}}}}});
    EXPECT_THAT(received(bob), ElementsAre(1));
    EXPECT_THAT(received(bob2), ElementsAre(1));
}

TEST_F(send_test, wildcard_to_oneself_includes_the_sending_device) {
    auto alice2 = c.must_login(alice.user_id, "pw-a");
    c.must_send(alice, type, "t1", {{alice.user_id, {{"*", {{"seq", 1}}}}}});
    EXPECT_THAT(received(alice), ElementsAre(1));
    EXPECT_THAT(received(alice2), ElementsAre(1));
}

TEST_F(send_test, wildcard_means_the_devices_at_that_moment) {
    c.must_send(alice, type, "t1", {{bob.user_id, {{"*", {{"seq", 1}}}}}});
    auto bob3 = c.must_login(bob.user_id, "pw-b");
    EXPECT_THAT(received(bob3), IsEmpty());
    EXPECT_THAT(received(bob), ElementsAre(1));
}

TEST_F(send_test, explicit_device_beside_wildcard_gets_one_message_with_its_own_content) {
    c.must_send(alice, type, "t1",
                {{bob.user_id, {{"*", {{"seq", 1}}}, {bob2.device_id, {{"seq", 2}}}}}});
    EXPECT_THAT(received(bob), ElementsAre(1));
    EXPECT_THAT(received(bob2), ElementsAre(2));
}

TEST_F(send_test, unknown_users_and_devices_are_dropped_and_the_rest_delivered) {
    json messages{
        {bob.user_id, {{bob.device_id, {{"seq", 1}}}, {"NOSUCHDEVICE", {{"seq", 2}}}}},
        {"@ghost:" + srv.server_name(), {{"GHOSTDEV", {{"seq", 3}}}, {"*", {{"seq", 4}}}}}};
    auto r = c.send_to_device(alice, type, "t1", messages);
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body, json::object());
    EXPECT_THAT(received(bob), ElementsAre(1));
}

TEST_F(send_test, remote_users_do_not_fail_the_request) {
    json messages = to_one(bob, {{"seq", 1}});
    messages["@remote:other.example"] = {{"RDEV", {{"seq", 2}}}, {"*", {{"seq", 3}}}};
    messages["@remote2:127.0.0.1:1"] = {{"*", {{"seq", 4}}}};
    auto r = c.send_to_device(alice, type, "t1", messages);
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_THAT(received(bob), ElementsAre(1));
}

TEST_F(send_test, both_version_prefixes_serve_send_and_sync) {
    client r0(srv.base_url(), "/_matrix/client/r0");
    r0.must_send(alice, type, "t1", to_one(bob, {{"seq", 1}}));
    EXPECT_THAT(seqs(r0.must_sync(bob)), ElementsAre(1));
}

// Transaction ids: a retransmission is the same device, the same full path, the same txnId.

TEST_F(send_test, txn_replay_returns_the_original_response_and_delivers_once) {
    auto first = c.send_to_device(alice, type, "same", to_one(bob, {{"seq", 1}}));
    auto again = c.send_to_device(alice, type, "same", to_one(bob, {{"seq", 1}}));
    ASSERT_EQ(first.status, 200u) << first.describe();
    EXPECT_EQ(again.status, first.status);
    EXPECT_EQ(again.body, first.body);
    EXPECT_THAT(received(bob), ElementsAre(1));
}

TEST_F(send_test, txn_replay_after_delivery_delivers_nothing_again) {
    c.must_send(alice, type, "same", to_one(bob, {{"seq", 1}}));
    EXPECT_THAT(received(bob), ElementsAre(1));
    c.must_send(alice, type, "same", to_one(bob, {{"seq", 1}}));
    EXPECT_THAT(received(bob), IsEmpty());
}

TEST_F(send_test, txn_replay_with_another_body_delivers_only_the_original) {
    c.must_send(alice, type, "same", to_one(bob, {{"seq", 1}}));
    auto again = c.send_to_device(alice, type, "same", to_one(bob, {{"seq", 2}}));
    EXPECT_EQ(again.status, 200u) << again.describe();
    EXPECT_THAT(received(bob), ElementsAre(1));
}

TEST_F(send_test, same_txn_under_r0_and_v3_are_two_requests) {
    client r0(srv.base_url(), "/_matrix/client/r0");
    r0.must_send(alice, type, "same", to_one(bob, {{"seq", 1}}));
    c.must_send(alice, type, "same", to_one(bob, {{"seq", 2}}));
    EXPECT_THAT(received(bob), ElementsAre(1, 2));
}

TEST_F(send_test, same_txn_with_another_event_type_is_a_new_request) {
    c.must_send(alice, type, "same", to_one(bob, {{"seq", 1}}));
    c.must_send(alice, "org.example.other", "same", to_one(bob, {{"seq", 2}}));
    EXPECT_THAT(received(bob), ElementsAre(1, 2));
}

TEST_F(send_test, same_txn_from_another_device_is_a_new_request) {
    auto alice2 = c.must_login(alice.user_id, "pw-a");
    c.must_send(alice, type, "same", to_one(bob, {{"seq", 1}}));
    c.must_send(alice2, type, "same", to_one(bob, {{"seq", 2}}));
    EXPECT_THAT(received(bob), ElementsAre(1, 2));
}

// Malformed input: 400 with a Matrix error body, and nothing stored, not even for the valid
// recipient in the same request.
TEST_F(send_test, malformed_requests_are_400_and_store_nothing) {
    const json ok = to_one(bob, {{"seq", 1}});
    auto with = [&](const char* user, json devices) {
        json m = ok;
        m[user] = std::move(devices);
        return json{{"messages", m}}.dump();
    };
    const std::vector<std::pair<std::string, std::string>> bodies{
        {"no messages", "{}"},
        {"messages a list", json{{"messages", json::array({ok})}}.dump()},
        {"messages a string", R"({"messages": "x"})"},
        {"messages null", R"({"messages": null})"},
        {"key not a user id", with("bob", {{"DEV", {{"seq", 2}}}})},
        {"key without server", with("@bob", {{"DEV", {{"seq", 2}}}})},
        {"devices not an object", with("@carol:example.org", json::array())},
        {"content a string", with("@carol:example.org", {{"DEV", "text"}})},
        {"content a list", with("@carol:example.org", {{"DEV", json::array({1})}})},
        {"content null", with("@carol:example.org", {{"DEV", nullptr}})},
        {"body not JSON", "{\"messages\": "},
        {"body a list", "[]"},
        {"body empty", ""},
    };
    int n = 0;
    for (const auto& [what, body] : bodies) {
        const auto target =
            c.path("/sendToDevice/" + std::string(type) + "/bad" + std::to_string(n++));
        auto r = c.call(http::verb::put, target, body, alice.access_token);
        EXPECT_EQ(r.status, 400u) << what << ": " << r.describe();
        EXPECT_TRUE(r.body.is_object() && r.body["errcode"].is_string() &&
                    r.body["error"].is_string())
            << what << ": " << r.describe();
    }
    EXPECT_THAT(received(bob), IsEmpty());
}

TEST_F(send_test, missing_token_is_401_m_missing_token) {
    auto r = c.call(http::verb::put, c.path("/sendToDevice/t/x"),
                    json{{"messages", to_one(bob, {{"seq", 1}})}}.dump());
    EXPECT_EQ(r.status, 401u) << r.describe();
    EXPECT_EQ(r.errcode(), "M_MISSING_TOKEN");
    auto s = c.call(http::verb::get, c.path("/sync"));
    EXPECT_EQ(s.status, 401u) << s.describe();
    EXPECT_EQ(s.errcode(), "M_MISSING_TOKEN");
    EXPECT_THAT(received(bob), IsEmpty());
}

TEST_F(send_test, unknown_token_is_401_m_unknown_token) {
    auto r = c.call(http::verb::put, c.path("/sendToDevice/t/x"),
                    json{{"messages", to_one(bob, {{"seq", 1}})}}.dump(), "not-a-token");
    EXPECT_EQ(r.status, 401u) << r.describe();
    EXPECT_EQ(r.errcode(), "M_UNKNOWN_TOKEN");
    auto s = c.call(http::verb::get, c.path("/sync"), {}, "not-a-token");
    EXPECT_EQ(s.status, 401u) << s.describe();
    EXPECT_EQ(s.errcode(), "M_UNKNOWN_TOKEN");
    EXPECT_THAT(received(bob), IsEmpty());
}

TEST_F(send_test, unknown_endpoints_are_404_m_unrecognized) {
    for (const char* target :
         {"/_matrix/client/v3/no/such/thing", "/_matrix/client/v9/sync", "/_matrix/media/v3/config",
          "/", "/_matrix/client/v3/sendToDevice/t"}) {
        auto r = c.call(http::verb::get, target, {}, alice.access_token);
        EXPECT_EQ(r.status, 404u) << target << ": " << r.describe();
        EXPECT_EQ(r.errcode(), "M_UNRECOGNIZED") << target;
    }
}

TEST_F(send_test, body_over_the_limit_is_413_m_too_large) {
    // The fixture's server accepts 64 KiB.
    json big = to_one(bob, {{"seq", 1}, {"padding", std::string(100 * 1024, 'x')}});
    auto r = c.send_to_device(alice, type, "big", big);
    EXPECT_EQ(r.status, 413u) << r.describe();
    EXPECT_EQ(r.errcode(), "M_TOO_LARGE");
    EXPECT_THAT(received(bob), IsEmpty());
}

TEST_F(send_test, odd_but_valid_path_segments_are_accepted) {
    // Event types and txnIds are opaque strings; percent-encoded characters are theirs.
    c.must_send(alice, "m.room.encrypted", "a/b c%", to_one(bob, {{"seq", 1}}));
    c.must_send(alice, "org.example.caf\xc3\xa9", "\xe2\x9c\x93", to_one(bob, {{"seq", 2}}));
    auto events = events_until_sentinel(c, alice, bob);
    ASSERT_EQ(events.size(), 2u) << events.dump();
    EXPECT_EQ(events[0]["type"], "m.room.encrypted");
    EXPECT_EQ(events[1]["type"], "org.example.caf\xc3\xa9");
}

// Hostile nesting is refused, not a crash: nlohmann::json copies and dumps recursively.
TEST(send_robustness, deeply_nested_content_is_400_and_the_server_lives_on) {
    test_server srv(server_options{{}, {}, 4 * 1024 * 1024});
    client c(srv.base_url());
    auto alice = c.must_register("alice");
    auto bob = c.must_register("bob");
    auto nested = [&](std::size_t depth) {
        return R"({"messages":{")" + bob.user_id + R"(":{")" + bob.device_id + R"(":{"a":)" +
               std::string(depth, '[') + std::string(depth, ']') + "}}}}";
    };
    auto deep = c.call(http::verb::put, c.path("/sendToDevice/t/deep"), nested(1'000'000),
                       alice.access_token);
    EXPECT_EQ(deep.status, 400u) << deep.describe();
    EXPECT_EQ(deep.errcode(), "M_BAD_JSON");
    // Nesting a real client might use goes through intact.
    auto fine =
        c.call(http::verb::put, c.path("/sendToDevice/t/fine"), nested(100), alice.access_token);
    ASSERT_EQ(fine.status, 200u) << fine.describe();
    auto events = to_device_events(c.must_sync(bob));
    ASSERT_EQ(events.size(), 1u);
    json expected = json::array();
    for (int i = 1; i < 100; ++i) expected = json::array({expected});
    EXPECT_EQ(events[0]["content"]["a"], expected);
}

}  // namespace
}  // namespace mxc::test
