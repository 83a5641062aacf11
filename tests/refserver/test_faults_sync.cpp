// Faults of /sync and of storage: acknowledgement, the limit, order, wake-up, event shape,
// restarts and device deletion. Each scenario runs on the clean server and on one with the
// fault; only the second deviates. Also checks that no fault is left without a test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "scene.hpp"

namespace mxc::test {
namespace {

using refserver::fault;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<int> listed_again_after_ack(scene& s) {
    s.send(s.bob, 1);
    auto r1 = s.c.must_sync(s.bob);
    return seqs(s.c.must_sync(s.bob, r1["next_batch"].get<std::string>()));
}

TEST(fault, no_ack_delete_keeps_acknowledged_messages) {
    scene clean;
    EXPECT_THAT(listed_again_after_ack(clean), IsEmpty());
    scene faulty{fault::no_ack_delete};
    EXPECT_THAT(listed_again_after_ack(faulty), ElementsAre(1));
}

std::vector<int> listed_again_without_ack(scene& s) {
    s.send(s.bob, 1);
    EXPECT_THAT(seqs(s.c.must_sync(s.bob)), ElementsAre(1));
    return seqs(s.c.must_sync(s.bob));
}

TEST(fault, delete_on_delivery_loses_unacknowledged_messages) {
    scene clean;
    EXPECT_THAT(listed_again_without_ack(clean), ElementsAre(1));
    scene faulty{fault::delete_on_delivery};
    EXPECT_THAT(listed_again_without_ack(faulty), IsEmpty());
}

std::size_t first_batch_of_150(scene& s) {
    for (int i = 0; i < 150; ++i) s.send(s.bob, i);
    return seqs(s.c.must_sync(s.bob)).size();
}

TEST(fault, no_limit_lists_everything_at_once) {
    scene clean;
    EXPECT_EQ(first_batch_of_150(clean), 100u);
    scene faulty{fault::no_limit};
    EXPECT_EQ(first_batch_of_150(faulty), 150u);
}

TEST(fault, limit_101_lists_one_too_many) {
    scene clean;
    EXPECT_EQ(first_batch_of_150(clean), 100u);
    scene faulty{fault::limit_101};
    EXPECT_EQ(first_batch_of_150(faulty), 101u);
}

std::vector<int> five_in_order(scene& s) {
    for (int i = 0; i < 5; ++i) s.send(s.bob, i);
    return seqs(s.c.must_sync(s.bob));
}

TEST(fault, reorder_lists_newest_first) {
    scene clean;
    EXPECT_THAT(five_in_order(clean), ElementsAre(0, 1, 2, 3, 4));
    scene faulty{fault::reorder};
    EXPECT_THAT(five_in_order(faulty), ElementsAre(4, 3, 2, 1, 0));
}

// Whether a held long-poll answers within a second of the send; it ends by its 3 s timeout.
bool woken_promptly(scene& s) {
    auto held = hold_long_poll(s.srv.base_url(), s.c, s.bob, 3000ms);
    s.send(s.bob, 1);
    const bool prompt = held.wait_for(1s) == std::future_status::ready;
    auto r = held.get();
    EXPECT_EQ(r.status, 200u) << r.describe();
    EXPECT_THAT(seqs(r.body), ElementsAre(1));
    return prompt;
}

TEST(fault, no_wake_answers_only_at_the_timeout) {
    scene clean;
    EXPECT_TRUE(woken_promptly(clean));
    scene faulty{fault::no_wake};
    EXPECT_FALSE(woken_promptly(faulty));
}

json one_event(scene& s) {
    s.send(s.bob, 1);
    auto events = to_device_events(s.c.must_sync(s.bob));
    return events.size() == 1 ? events[0] : events;
}

TEST(fault, event_missing_sender_drops_sender) {
    scene clean;
    EXPECT_EQ(one_event(clean).value("sender", ""), clean.alice.user_id);
    scene faulty{fault::event_missing_sender};
    auto e = one_event(faulty);
    EXPECT_FALSE(e.contains("sender")) << e.dump();
    EXPECT_TRUE(e.contains("content")) << e.dump();
}

TEST(fault, extra_event_keys_adds_a_key) {
    auto keys = [](const json& e) {
        std::set<std::string> out;
        for (const auto& [k, v] : e.items()) out.insert(k);
        return out;
    };
    scene clean;
    EXPECT_EQ(keys(one_event(clean)), (std::set<std::string>{"content", "sender", "type"}));
    scene faulty{fault::extra_event_keys};
    EXPECT_EQ(keys(one_event(faulty)),
              (std::set<std::string>{"content", "message_id", "sender", "type"}));
}

std::vector<int> sync_with_older_since(scene& s) {
    const std::string s0 = s.c.must_sync(s.bob)["next_batch"];
    s.send(s.bob, 1);
    return seqs(s.c.must_sync(s.bob, s0));
}

TEST(fault, ack_any_since_deletes_what_was_never_listed) {
    scene clean;
    EXPECT_THAT(sync_with_older_since(clean), ElementsAre(1));
    scene faulty{fault::ack_any_since};
    EXPECT_THAT(sync_with_older_since(faulty), IsEmpty());
}

// Bob's view after a restart: his token's status and what is pending for him.
std::pair<unsigned, std::vector<int>> after_restart(scene& s) {
    s.send(s.bob, 1);
    s.srv.restart();
    client fresh(s.srv.base_url());
    auto r = fresh.sync(s.bob);
    return {r.status, r.status == 200 ? seqs(r.body) : std::vector<int>{}};
}

TEST(fault, lose_on_restart_forgets_everything) {
    scene clean;
    EXPECT_EQ(after_restart(clean), std::make_pair(200u, std::vector<int>{1}));
    scene faulty{fault::lose_on_restart};
    auto [status, pending] = after_restart(faulty);
    EXPECT_EQ(status, 401u);  // the account and its token are gone with the messages
    EXPECT_THAT(pending, IsEmpty());
}

std::vector<int> recreated_device(scene& s) {
    auto phone = s.c.must_login(s.bob.user_id, "pw-b", "PHONE");
    s.send(phone, 1);
    s.c.must_delete_device(s.bob, "PHONE");
    auto again = s.c.must_login(s.bob.user_id, "pw-b", "PHONE");
    return s.received(again);
}

TEST(fault, device_delete_keeps_queue_hands_old_messages_to_a_new_device) {
    scene clean;
    EXPECT_THAT(recreated_device(clean), IsEmpty());
    scene faulty{fault::device_delete_keeps_queue};
    EXPECT_THAT(recreated_device(faulty), ElementsAre(1));
}

// How long the /sync after a limited batch takes, when it may wait 3 s.
std::chrono::steady_clock::duration after_limited_batch(scene& s) {
    for (int i = 0; i < 150; ++i) s.send(s.bob, i);
    auto first = s.c.must_sync(s.bob);
    const auto start = std::chrono::steady_clock::now();
    auto second = s.c.must_sync(s.bob, first["next_batch"].get<std::string>(), 3000ms);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(seqs(second).size(), 50u);
    return took;
}

TEST(fault, no_immediate_after_limit_waits_although_more_are_pending) {
    scene clean;
    EXPECT_LT(after_limited_batch(clean), 1s);
    scene faulty{fault::no_immediate_after_limit};
    EXPECT_GE(after_limited_batch(faulty), 3s);
}

// A fault added without a test fails here: some test of suite "fault" must be named after it.
TEST(fault, every_fault_has_a_test) {
    std::set<std::string> names;
    const auto* unit = ::testing::UnitTest::GetInstance();
    for (int i = 0; i < unit->total_test_suite_count(); ++i) {
        const auto* suite = unit->GetTestSuite(i);
        if (std::string(suite->name()) != "fault") continue;
        for (int j = 0; j < suite->total_test_count(); ++j)
            names.insert(suite->GetTestInfo(j)->name());
    }
    for (const auto& f : refserver::all_faults()) {
        std::string prefix(f.name);
        std::replace(prefix.begin(), prefix.end(), '-', '_');
        prefix += '_';
        const bool tested = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
            return n.rfind(prefix, 0) == 0;
        });
        EXPECT_TRUE(tested) << "no test named fault." << prefix << "... for --fault " << f.name;
    }
}

}  // namespace
}  // namespace mxc::test
