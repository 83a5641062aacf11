// Faults of the initial /sync and of long-poll timing (issue 9): the special first token, the
// least hold, re-listing acknowledged messages and their order. Each scenario runs on the clean
// server and on one with the fault; only the second deviates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "refserver/to_device.hpp"
#include "scene.hpp"

namespace mxc::test {
namespace {

using refserver::fault;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string next_batch(const json& body) {
    return body.at("next_batch").get<std::string>();
}

// The initial /sync's next_batch, and the answer to a /sync with it (timeout 3 s) once seq 1
// arrived after it.
std::pair<std::string, api_reply> first_token_after_a_message(scene& s) {
    const auto token = next_batch(s.c.must_sync(s.bob));
    s.send(s.bob, 1);
    auto r = s.c.sync(s.bob, token, 3000ms);
    EXPECT_EQ(r.status, 200u) << r.describe();
    return {token, r};
}

TEST(fault, static_initial_token_answers_the_first_token_empty) {
    scene clean;
    const auto [clean_token, clean_reply] = first_token_after_a_message(clean);
    EXPECT_THAT(seqs(clean_reply.body), ElementsAre(1));

    scene faulty{fault::static_initial_token};
    const auto [token, reply] = first_token_after_a_message(faulty);
    EXPECT_THAT(seqs(reply.body), IsEmpty());
    const auto next = next_batch(reply.body);
    EXPECT_NE(next, token);
    // The ordinary token it gives lists the pending message at once, and again until acked.
    EXPECT_THAT(seqs(faulty.c.must_sync(faulty.bob, next, 3000ms)), ElementsAre(1));
    EXPECT_THAT(seqs(faulty.c.must_sync(faulty.bob, next)), ElementsAre(1));
}

TEST(fault, static_initial_token_answers_the_first_token_at_once_whatever_its_timeout) {
    scene faulty{fault::static_initial_token};
    const auto token = next_batch(faulty.c.must_sync(faulty.bob));
    // Nothing is pending: an ordinary token would hold the /sync for its 3 s.
    for (int use = 0; use < 2; ++use) {
        auto r = faulty.c.sync(faulty.bob, token, 3000ms);
        EXPECT_EQ(r.status, 200u) << r.describe();
        EXPECT_LT(r.elapsed, 1s);
        EXPECT_THAT(seqs(r.body), IsEmpty());
        EXPECT_NE(next_batch(r.body), token);
    }
}

// What is pending after the initial /sync listed seq 1 and its token was used once; and what
// a /sync with the token that use returned lists after seq 2 arrives.
std::pair<std::vector<int>, std::vector<int>> ack_with_initial_token(scene& s) {
    s.send(s.bob, 1);
    const auto first = s.c.must_sync(s.bob);
    EXPECT_THAT(seqs(first), ElementsAre(1));
    const auto next = next_batch(s.c.must_sync(s.bob, next_batch(first)));
    auto pending = seqs(s.c.must_sync(s.bob));
    s.send(s.bob, 2);
    return {pending, seqs(s.c.must_sync(s.bob, next))};
}

TEST(fault, static_initial_token_still_acknowledges_what_the_initial_sync_listed) {
    scene clean;
    EXPECT_EQ(ack_with_initial_token(clean),
              std::make_pair(std::vector<int>{}, std::vector<int>{2}));
    scene faulty{fault::static_initial_token};
    EXPECT_EQ(ack_with_initial_token(faulty),
              std::make_pair(std::vector<int>{}, std::vector<int>{2}));
}

// A held long-poll with a 1 s timeout: whether it is still held at 2.5 s, and how it ends once
// seq 1 arrives (by then, or right after).
std::pair<bool, api_reply> short_long_poll(scene& s) {
    auto held = hold_long_poll(s.srv.base_url(), s.c, s.bob, 1000ms);
    const bool still_held = held.wait_for(2500ms) == std::future_status::timeout;
    s.send(s.bob, 1);
    EXPECT_EQ(held.wait_for(1s), std::future_status::ready) << "a message did not wake it";
    return {still_held, held.get()};
}

TEST(fault, min_sync_timeout_holds_a_short_long_poll_until_a_message) {
    static_assert(refserver::min_sync_timeout_hold > 3500ms, "the poll must outlast the look");
    scene clean;
    const auto [clean_held, clean_reply] = short_long_poll(clean);
    EXPECT_FALSE(clean_held);
    EXPECT_THAT(seqs(clean_reply.body), IsEmpty());  // it ended at its timeout, before seq 1

    scene faulty{fault::min_sync_timeout};
    const auto [faulty_held, faulty_reply] = short_long_poll(faulty);
    EXPECT_TRUE(faulty_held);
    EXPECT_THAT(seqs(faulty_reply.body), ElementsAre(1));  // woken by seq 1, as usual
}

TEST(fault, min_sync_timeout_answers_timeout_0_at_once) {
    scene faulty{fault::min_sync_timeout};
    const auto token = next_batch(faulty.c.must_sync(faulty.bob));
    auto r = faulty.c.sync(faulty.bob, token, 0ms);
    EXPECT_EQ(r.status, 200u) << r.describe();
    EXPECT_LT(r.elapsed, 1s);
    auto absent = faulty.c.call(http::verb::get, faulty.c.path("/sync?since=" + encode(token)), {},
                                faulty.bob.access_token);
    EXPECT_EQ(absent.status, 200u) << absent.describe();
    EXPECT_LT(absent.elapsed, 1s);
}

// Seqs 1 and 2 listed and acknowledged, seq 3 pending: what an initial /sync lists, and what
// the acknowledging token then lists.
std::pair<std::vector<int>, std::vector<int>> after_an_ack(scene& s) {
    s.send(s.bob, 1);
    s.send(s.bob, 2);
    const auto first = s.c.must_sync(s.bob);
    EXPECT_THAT(seqs(first), ElementsAre(1, 2));
    const auto acked = s.c.must_sync(s.bob, next_batch(first));
    EXPECT_THAT(seqs(acked), IsEmpty());
    s.send(s.bob, 3);
    auto initial = seqs(s.c.must_sync(s.bob));
    return {initial, seqs(s.c.must_sync(s.bob, next_batch(acked)))};
}

TEST(fault, initial_sync_relists_acked_lists_acknowledged_messages_again) {
    scene clean;
    EXPECT_EQ(after_an_ack(clean), std::make_pair(std::vector<int>{3}, std::vector<int>{3}));
    scene faulty{fault::initial_sync_relists_acked};
    EXPECT_EQ(after_an_ack(faulty), std::make_pair(std::vector<int>{1, 2, 3}, std::vector<int>{3}));
}

// 150 pending: the initial /sync's seqs, then those of the /sync with its token.
std::pair<std::vector<int>, std::vector<int>> initial_then_incremental(scene& s) {
    for (int i = 0; i < 150; ++i) s.send(s.bob, i);
    const auto first = s.c.must_sync(s.bob);
    return {seqs(first), seqs(s.c.must_sync(s.bob, next_batch(first)))};
}

TEST(fault, initial_sync_newest_first_reverses_the_initial_batch_only) {
    scene clean;
    EXPECT_EQ(initial_then_incremental(clean), std::make_pair(range(0, 100), range(100, 150)));
    scene faulty{fault::initial_sync_newest_first};
    auto newest_first = range(0, 100);
    std::reverse(newest_first.begin(), newest_first.end());
    EXPECT_EQ(initial_then_incremental(faulty), std::make_pair(newest_first, range(100, 150)));
}

}  // namespace
}  // namespace mxc::test
