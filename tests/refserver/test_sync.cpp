// GET /sync over HTTP: the to_device section, acknowledgement by since, the per-response limit,
// long-poll wake-up, and what deleting a device does to its queue.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace mxc::test {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

struct sync_test : ::testing::Test {
    test_server srv;
    client c{srv.base_url()};
    account alice = c.must_register("alice", "pw-a");
    account bob = c.must_register("bob", "pw-b");
    int txn = 0;

    void send(const account& to, int seq) {
        c.must_send(alice, type, "t" + std::to_string(txn++), to_one(to, {{"seq", seq}}));
    }
    void send_range(const account& to, int from, int until) {
        for (int i = from; i < until; ++i) send(to, i);
    }
    std::string next(const json& body) { return body.at("next_batch"); }
};

TEST_F(sync_test, next_batch_is_always_there) {
    auto initial = c.must_sync(bob);
    EXPECT_TRUE(initial["next_batch"].is_string());
    EXPECT_THAT(seqs(initial), IsEmpty());
    // Also when a long-poll ends at its timeout with nothing to say.
    auto idle = c.sync(bob, next(initial), 200ms);
    ASSERT_EQ(idle.status, 200u) << idle.describe();
    EXPECT_TRUE(idle.body["next_batch"].is_string());
    EXPECT_GE(idle.elapsed, 200ms);
}

TEST_F(sync_test, events_are_exactly_sender_type_content_in_order_of_arrival) {
    send_range(bob, 0, 10);
    auto events = to_device_events(c.must_sync(bob));
    ASSERT_EQ(events.size(), 10u);
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(events[i],
                  (json{{"sender", alice.user_id}, {"type", type}, {"content", {{"seq", i}}}}));
    }
}

TEST_F(sync_test, at_most_100_per_response_and_the_rest_comes_at_once) {
    send_range(bob, 0, 150);
    auto first = c.must_sync(bob);
    EXPECT_THAT(seqs(first), ElementsAreArray(range(0, 100)));
    // More are pending: the next /sync answers at once although it may wait 30 s.
    const auto start = std::chrono::steady_clock::now();
    auto second = c.must_sync(bob, next(first), 30'000ms);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    EXPECT_THAT(seqs(second), ElementsAreArray(range(100, 150)));
    auto third = c.must_sync(bob, next(second));
    EXPECT_THAT(seqs(third), IsEmpty());
}

TEST_F(sync_test, since_deletes_exactly_what_its_response_listed) {
    const auto s0 = next(c.must_sync(bob));
    send(bob, 1);
    auto r1 = c.must_sync(bob, s0);
    EXPECT_THAT(seqs(r1), ElementsAre(1));
    send(bob, 2);
    // The older since again, before the ack: everything pending is listed again.
    auto r1b = c.must_sync(bob, s0);
    EXPECT_THAT(seqs(r1b), ElementsAre(1, 2));
    // r1's token acknowledges 1 only, although a later response also listed 2.
    auto r2 = c.must_sync(bob, next(r1));
    EXPECT_THAT(seqs(r2), ElementsAre(2));
    auto r3 = c.must_sync(bob, next(r2));
    EXPECT_THAT(seqs(r3), IsEmpty());
}

TEST_F(sync_test, an_old_since_after_a_newer_ack_brings_nothing_back) {
    const auto s0 = next(c.must_sync(bob));
    send(bob, 1);
    auto r1 = c.must_sync(bob, s0);
    EXPECT_THAT(seqs(r1), ElementsAre(1));
    EXPECT_THAT(seqs(c.must_sync(bob, next(r1))), IsEmpty());
    EXPECT_THAT(seqs(c.must_sync(bob, s0)), IsEmpty());
    EXPECT_THAT(seqs(c.must_sync(bob)), IsEmpty());
}

TEST_F(sync_test, without_since_nothing_is_deleted) {
    send_range(bob, 0, 3);
    auto r1 = c.must_sync(bob);
    EXPECT_THAT(seqs(r1), ElementsAre(0, 1, 2));
    EXPECT_THAT(seqs(c.must_sync(bob)), ElementsAre(0, 1, 2));
    send(bob, 3);
    EXPECT_THAT(seqs(c.must_sync(bob)), ElementsAre(0, 1, 2, 3));
    // The first response's token still acknowledges what it listed, and no more.
    EXPECT_THAT(seqs(c.must_sync(bob, next(r1))), ElementsAre(3));
}

// Stream ids are never handed out twice, also when every message was deleted before a restart:
// a since token from before it must not acknowledge a message sent after it.
TEST_F(sync_test, a_since_from_before_a_restart_acknowledges_nothing_sent_after_it) {
    send(bob, 1);
    auto r1 = c.must_sync(bob);
    EXPECT_THAT(seqs(r1), ElementsAre(1));
    EXPECT_THAT(seqs(c.must_sync(bob, next(r1))), IsEmpty());  // the inbox is empty now
    srv.restart();
    client after{srv.base_url()};
    after.must_send(alice, type, "after-restart", to_one(bob, {{"seq", 2}}));
    EXPECT_THAT(seqs(after.must_sync(bob, next(r1))), ElementsAre(2));
    EXPECT_THAT(seqs(after.must_sync(bob)), ElementsAre(2));
}

TEST_F(sync_test, another_devices_since_acknowledges_nothing_here) {
    auto bob2 = c.must_login(bob.user_id, "pw-b");
    const auto other = next(c.must_sync(bob2));
    send(bob, 1);
    EXPECT_THAT(seqs(c.must_sync(bob, other)), ElementsAre(1));
    EXPECT_THAT(seqs(c.must_sync(bob)), ElementsAre(1));
}

TEST_F(sync_test, a_long_poll_wakes_within_a_second_of_a_send) {
    auto held = hold_long_poll(srv.base_url(), c, bob, 30'000ms);
    const auto sent = std::chrono::steady_clock::now();
    send(bob, 1);
    // A functional bound, not a benchmark: without a wake-up this would take 30 s.
    ASSERT_EQ(held.wait_for(10s), std::future_status::ready);
    const auto woke = std::chrono::steady_clock::now() - sent;
    auto r = held.get();
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_THAT(seqs(r.body), ElementsAre(1));
    EXPECT_LT(woke, 1s);
}

TEST_F(sync_test, a_long_poll_is_not_woken_by_another_devices_message) {
    auto bob2 = c.must_login(bob.user_id, "pw-b");
    auto held = hold_long_poll(srv.base_url(), c, bob, 1500ms);
    send(bob2, 1);
    auto r = held.get();
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_THAT(seqs(r.body), IsEmpty());
    EXPECT_GE(r.elapsed, 1500ms);
    EXPECT_THAT(seqs(c.must_sync(bob2)), ElementsAre(1));
}

TEST_F(sync_test, deleting_a_device_drops_its_queue) {
    auto phone = c.must_login(bob.user_id, "pw-b", "PHONE");
    send(phone, 1);
    c.must_delete_device(bob, "PHONE");
    EXPECT_EQ(c.sync(phone).errcode(), "M_UNKNOWN_TOKEN");
    // A device created again with the same id is a new device: only later messages.
    auto again = c.must_login(bob.user_id, "pw-b", "PHONE");
    ASSERT_EQ(again.device_id, "PHONE");
    send(again, 2);
    EXPECT_THAT(seqs(c.must_sync(again)), ElementsAre(2));
}

TEST_F(sync_test, logout_drops_the_queue_too) {
    auto phone = c.must_login(bob.user_id, "pw-b", "PHONE");
    send(phone, 1);
    ASSERT_EQ(c.call(http::verb::post, c.path("/logout"), "{}", phone.access_token).status, 200u);
    auto again = c.must_login(bob.user_id, "pw-b", "PHONE");
    send(again, 2);
    EXPECT_THAT(seqs(c.must_sync(again)), ElementsAre(2));
}

TEST_F(sync_test, filter_full_state_and_set_presence_are_accepted) {
    send(bob, 1);
    auto r = c.call(
        http::verb::get,
        c.path("/sync?filter=%7B%22room%22%3A%7B%7D%7D&full_state=true&set_presence=offline"), {},
        bob.access_token);
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_THAT(seqs(r.body), ElementsAre(1));
}

TEST_F(sync_test, bad_since_or_timeout_is_400_not_500) {
    for (const char* query : {"since=garbage", "since=s1_2", "since=s-1_0_0", "timeout=soon",
                              "timeout=-5", "since=s99999999999999999999_0_0"}) {
        auto r =
            c.call(http::verb::get, c.path(std::string("/sync?") + query), {}, bob.access_token);
        EXPECT_EQ(r.status, 400u) << query << ": " << r.describe();
        EXPECT_TRUE(r.body.is_object() && r.body["errcode"].is_string()) << query;
    }
}

}  // namespace
}  // namespace mxc::test
