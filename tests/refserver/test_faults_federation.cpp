// Faults of federation: what the sender puts on the wire and what the receiver accepts. Each
// scenario runs on the clean server and on one with the fault; only the second deviates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fed_scene.hpp"
#include "matrix/key_fetcher.hpp"
#include "matrix/x_matrix.hpp"

namespace mxc::test {
namespace {

using refserver::fault;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(fault, edu_missing_message_id_sends_edus_without_one) {
    auto first_edu = [](fed_scene& s) {
        s.send_to_carol(1);
        return s.wait_for_transactions(1)[0].body["edus"][0]["content"];
    };
    fed_scene clean;
    EXPECT_TRUE(first_edu(clean).contains("message_id"));
    fed_scene faulty{fault::edu_missing_message_id};
    EXPECT_FALSE(first_edu(faulty).contains("message_id"));
}

// The message_ids of the two attempts of one transaction (the first answered 500).
std::vector<std::string> retried_message_ids(fed_scene& s) {
    s.remote.fail_next(matrix::mock_failure::status_500, 1);
    s.send_to_carol(1);
    const auto txns = s.wait_for_transactions(2);
    EXPECT_EQ(txns[0].txn_id, txns[1].txn_id);
    return {txns[0].body["edus"][0]["content"]["message_id"],
            txns[1].body["edus"][0]["content"]["message_id"]};
}

TEST(fault, new_message_id_on_retry_changes_message_ids_under_the_same_txn_id) {
    fed_scene clean;
    const auto same = retried_message_ids(clean);
    EXPECT_EQ(same[0], same[1]);
    fed_scene faulty{fault::new_message_id_on_retry};
    const auto changed = retried_message_ids(faulty);
    EXPECT_NE(changed[0], changed[1]);
}

// seq 1 meets a 500; seq 2, sent once the remote has seen that, is the sentinel.
std::vector<int> after_one_failure(fed_scene& s) {
    s.remote.fail_next(matrix::mock_failure::status_500, 1);
    s.send_to_carol(1);
    s.wait_for_transactions(1);
    s.send_to_carol(2);
    if (!wait_until([&] {
            const auto seen = s.accepted_seqs();
            return std::find(seen.begin(), seen.end(), 2) != seen.end();
        }))
        throw std::runtime_error("seq 2 did not arrive within 10 s");
    return s.accepted_seqs();
}

TEST(fault, no_retry_drops_a_failed_transaction) {
    fed_scene clean;
    EXPECT_THAT(after_one_failure(clean), ElementsAre(1, 2));
    fed_scene faulty{fault::no_retry};
    EXPECT_THAT(after_one_failure(faulty), ElementsAre(2));
}

std::vector<int> spoofed(fed_scene& s) {
    s.must_deliver(
        "t1",
        json::array({fed_scene::edu("@mallory:other.example", "m1", to_one(s.bob, {{"seq", 1}}))}));
    return s.received(s.bob);
}

TEST(fault, accept_spoofed_sender_delivers_edus_of_other_servers_users) {
    fed_scene clean;
    EXPECT_THAT(spoofed(clean), IsEmpty());
    fed_scene faulty{fault::accept_spoofed_sender};
    EXPECT_THAT(spoofed(faulty), ElementsAre(1));
}

std::vector<int> replays(fed_scene& s) {
    const auto edus = json::array({s.edu_to(s.bob, "m1", 1)});
    s.must_deliver("t1", edus);
    s.must_deliver("t1", edus);
    s.must_deliver("t2", edus);
    return s.received(s.bob);
}

TEST(fault, no_inbound_dedup_delivers_replays_again) {
    fed_scene clean;
    EXPECT_THAT(replays(clean), ElementsAre(1));
    fed_scene faulty{fault::no_inbound_dedup};
    EXPECT_THAT(replays(faulty), ElementsAre(1, 1, 1));
}

std::vector<std::string> authorization(fed_scene& s) {
    s.send_to_carol(1);
    return s.wait_for_transactions(1)[0].authorization;
}

TEST(fault, unsigned_requests_carry_no_authorization) {
    fed_scene clean;
    EXPECT_EQ(authorization(clean).size(), 1u);
    fed_scene faulty{fault::unsigned_requests};
    EXPECT_THAT(authorization(faulty), IsEmpty());
}

// Whether the remote accepts the first transaction's signature, as itself and as `as`.
std::pair<bool, bool> verifies(fed_scene& s, const std::string& as) {
    s.send_to_carol(1);
    const auto t = s.wait_for_transactions(1)[0];
    net::client_options options;
    options.tls = net::client_tls_context(test_trust());
    matrix::key_fetcher keys(options);
    return {
        bool(matrix::verify_request("PUT", t.uri, &t.body, t.authorization, s.remote.server_name(),
                                    keys.as_lookup())),
        bool(matrix::verify_request("PUT", t.uri, &t.body, t.authorization, as, keys.as_lookup()))};
}

TEST(fault, wrong_destination_signs_for_another_server) {
    fed_scene clean;
    EXPECT_EQ(verifies(clean, "wrong.example.org"), std::make_pair(true, false));
    fed_scene faulty{fault::wrong_destination};
    EXPECT_EQ(verifies(faulty, "wrong.example.org"), std::make_pair(false, true));
}

std::size_t largest_batch(fed_scene& s) {
    s.remote.down();
    for (int i = 0; i < 230; ++i) s.send_to_carol(i);
    s.remote.up();
    // The remote answers a transaction of more than 100 EDUs 400, so it may never accept them.
    if (!wait_until([&] { return s.received_seqs().size() >= 230; }, 20s))
        throw std::runtime_error("the remote did not receive 230 messages within 20 s");
    std::size_t largest = 0;
    for (const auto& t : s.transactions()) largest = std::max(largest, t.body["edus"].size());
    return largest;
}

TEST(fault, edu_batch_over_100_sends_larger_transactions) {
    fed_scene clean;
    EXPECT_EQ(largest_batch(clean), 100u);
    fed_scene faulty{fault::edu_batch_over_100};
    EXPECT_GT(largest_batch(faulty), 100u);
}

std::vector<int> wildcard_then_named(fed_scene& s) {
    s.send_to_carol(1, "*");
    s.send_to_carol(2, "DEV");
    if (!wait_until([&] {
            const auto seen = s.accepted_seqs();
            return std::find(seen.begin(), seen.end(), 2) != seen.end();
        }))
        throw std::runtime_error("seq 2 did not arrive within 10 s");
    return s.accepted_seqs();
}

TEST(fault, wildcard_not_forwarded_drops_messages_to_remote_wildcards) {
    fed_scene clean;
    EXPECT_THAT(wildcard_then_named(clean), ElementsAre(1, 2));
    fed_scene faulty{fault::wildcard_not_forwarded};
    EXPECT_THAT(wildcard_then_named(faulty), ElementsAre(2));
}

// The status of an unsigned transaction for bob, and what bob then receives.
std::pair<unsigned, std::vector<int>> unsigned_send(fed_scene& s) {
    auto call =
        s.signed_send(s.srv.server_name(), "u1",
                      s.transaction_body(json::array({s.edu_to(s.bob, "m1", 1)})), s.remote.key());
    std::erase_if(call.headers, [](const auto& h) { return h.first == "Authorization"; });
    const auto status = s.call(call).status;
    return {status, s.received(s.bob)};
}

TEST(fault, no_inbound_auth_accepts_unsigned_transactions) {
    fed_scene clean;
    EXPECT_EQ(unsigned_send(clean), std::make_pair(401u, std::vector<int>{}));
    fed_scene faulty{fault::no_inbound_auth};
    EXPECT_EQ(unsigned_send(faulty), std::make_pair(200u, std::vector<int>{1}));
}

std::vector<int> without_message_id(fed_scene& s) {
    auto edu = s.edu_to(s.bob, "unused", 1);
    edu["content"].erase("message_id");
    s.must_deliver("n1", json::array({edu}));
    return s.received(s.bob);
}

TEST(fault, accept_missing_message_id_delivers_edus_without_one) {
    fed_scene clean;
    EXPECT_THAT(without_message_id(clean), IsEmpty());
    fed_scene faulty{fault::accept_missing_message_id};
    EXPECT_THAT(without_message_id(faulty), ElementsAre(1));
}

unsigned status_of_101_edus(fed_scene& s) {
    json edus = json::array();
    for (int i = 0; i < 101; ++i) edus.push_back(s.edu_to(s.bob, "m" + std::to_string(i), i));
    return s.deliver("big", edus).status;
}

TEST(fault, inbound_edu_limit_ignored_accepts_101_edus) {
    fed_scene clean;
    EXPECT_EQ(status_of_101_edus(clean), 400u);
    fed_scene faulty{fault::inbound_edu_limit_ignored};
    EXPECT_EQ(status_of_101_edus(faulty), 200u);
}

std::vector<int> to_bobs_wildcard(fed_scene& s) {
    s.must_deliver(
        "w1",
        json::array({fed_scene::edu(s.carol, "m1", {{s.bob.user_id, {{"*", {{"seq", 1}}}}}})}));
    return s.received(s.bob);
}

TEST(fault, inbound_wildcard_unexpanded_reaches_no_device) {
    fed_scene clean;
    EXPECT_THAT(to_bobs_wildcard(clean), ElementsAre(1));
    fed_scene faulty{fault::inbound_wildcard_unexpanded};
    EXPECT_THAT(to_bobs_wildcard(faulty), IsEmpty());
}

}  // namespace
}  // namespace mxc::test
