// Faults of sendToDevice: who receives what, transaction ids, and the answers to bad requests.
// Each scenario runs on the clean server and on one with the fault; only the second deviates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scene.hpp"

namespace mxc::test {
namespace {

using refserver::fault;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(fault, duplicate_delivery_delivers_twice) {
    scene clean;
    clean.send(clean.bob, 1);
    EXPECT_THAT(clean.received(clean.bob), ElementsAre(1));
    scene faulty{fault::duplicate_delivery};
    faulty.send(faulty.bob, 1);
    EXPECT_THAT(faulty.received(faulty.bob), ElementsAre(1, 1));
}

std::vector<int> replayed(scene& s) {
    s.c.must_send(s.alice, type, "same", to_one(s.bob, {{"seq", 1}}));
    s.c.must_send(s.alice, type, "same", to_one(s.bob, {{"seq", 1}}));
    return s.received(s.bob);
}

TEST(fault, ignore_txn_delivers_a_replay_again) {
    scene clean;
    EXPECT_THAT(replayed(clean), ElementsAre(1));
    scene faulty{fault::ignore_txn};
    EXPECT_THAT(replayed(faulty), ElementsAre(1, 1));
}

std::vector<int> same_txn_other_paths(scene& s) {
    client r0(s.srv.base_url(), "/_matrix/client/r0");
    r0.must_send(s.alice, type, "same", to_one(s.bob, {{"seq", 1}}));
    s.c.must_send(s.alice, type, "same", to_one(s.bob, {{"seq", 2}}));
    s.c.must_send(s.alice, "org.example.other", "same", to_one(s.bob, {{"seq", 3}}));
    return s.received(s.bob);
}

TEST(fault, txn_ignores_path_drops_other_prefixes_and_types) {
    scene clean;
    EXPECT_THAT(same_txn_other_paths(clean), ElementsAre(1, 2, 3));
    scene faulty{fault::txn_ignores_path};
    EXPECT_THAT(same_txn_other_paths(faulty), ElementsAre(1));
}

std::vector<int> wildcard_to_self(scene& s) {
    s.c.must_send(s.alice, type, "w", {{s.alice.user_id, {{"*", {{"seq", 1}}}}}});
    return s.received(s.alice);
}

TEST(fault, wildcard_skips_sender_leaves_out_the_sending_device) {
    scene clean;
    EXPECT_THAT(wildcard_to_self(clean), ElementsAre(1));
    scene faulty{fault::wildcard_skips_sender};
    EXPECT_THAT(wildcard_to_self(faulty), IsEmpty());
}

std::pair<unsigned, std::vector<int>> one_unknown_recipient(scene& s) {
    json messages = to_one(s.bob, {{"seq", 1}});
    messages["@ghost:" + s.srv.server_name()] = {{"GHOST", {{"seq", 2}}}};
    auto r = s.c.send_to_device(s.alice, type, "u", messages);
    return {r.status, s.received(s.bob)};
}

TEST(fault, reject_unknown_recipient_fails_the_whole_request) {
    scene clean;
    EXPECT_EQ(one_unknown_recipient(clean), std::make_pair(200u, std::vector<int>{1}));
    scene faulty{fault::reject_unknown_recipient};
    EXPECT_EQ(one_unknown_recipient(faulty), std::make_pair(400u, std::vector<int>{}));
}

std::pair<unsigned, std::vector<int>> wildcard_to_user_without_devices(scene& s) {
    auto carol = s.c.must_register("carol", "pw-c");
    EXPECT_EQ(s.c.call(http::verb::post, s.c.path("/logout"), "{}", carol.access_token).status,
              200u);
    json messages = to_one(s.bob, {{"seq", 1}});
    messages[carol.user_id] = {{"*", {{"seq", 2}}}};
    auto r = s.c.send_to_device(s.alice, type, "w", messages);
    return {r.status, s.received(s.bob)};
}

TEST(fault, wildcard_no_devices_400_fails_the_request) {
    scene clean;
    EXPECT_EQ(wildcard_to_user_without_devices(clean), std::make_pair(200u, std::vector<int>{1}));
    scene faulty{fault::wildcard_no_devices_400};
    EXPECT_EQ(wildcard_to_user_without_devices(faulty), std::make_pair(400u, std::vector<int>{}));
}

std::pair<unsigned, std::vector<int>> partly_malformed(scene& s) {
    json messages = to_one(s.bob, {{"seq", 1}});
    messages["not-a-user-id"] = {{"DEV", {{"seq", 2}}}};
    auto r = s.c.send_to_device(s.alice, type, "m", messages);
    return {r.status, s.received(s.bob)};
}

TEST(fault, lenient_body_delivers_from_a_malformed_request) {
    scene clean;
    EXPECT_EQ(partly_malformed(clean), std::make_pair(400u, std::vector<int>{}));
    scene faulty{fault::lenient_body};
    EXPECT_EQ(partly_malformed(faulty), std::make_pair(200u, std::vector<int>{1}));
}

std::vector<std::pair<unsigned, std::string>> token_errors(scene& s) {
    std::vector<std::pair<unsigned, std::string>> out;
    for (const std::string token : {"", "not-a-token"}) {
        auto r = s.c.call(http::verb::get, s.c.path("/sync"), {}, token);
        out.emplace_back(r.status, r.errcode());
    }
    return out;
}

TEST(fault, auth_errcode_forbidden_answers_403) {
    using errors = std::vector<std::pair<unsigned, std::string>>;
    scene clean;
    EXPECT_EQ(token_errors(clean), (errors{{401u, "M_MISSING_TOKEN"}, {401u, "M_UNKNOWN_TOKEN"}}));
    scene faulty{fault::auth_errcode_forbidden};
    EXPECT_EQ(token_errors(faulty), (errors{{403u, "M_FORBIDDEN"}, {403u, "M_FORBIDDEN"}}));
}

std::vector<int> other_device_of_the_recipient(scene& s) {
    auto bob2 = s.c.must_login(s.bob.user_id, "pw-b");
    s.send(s.bob, 1);
    return s.received(bob2);
}

TEST(fault, deliver_to_all_devices_reaches_devices_not_addressed) {
    scene clean;
    EXPECT_THAT(other_device_of_the_recipient(clean), IsEmpty());
    scene faulty{fault::deliver_to_all_devices};
    EXPECT_THAT(other_device_of_the_recipient(faulty), ElementsAre(1));
}

std::vector<int> same_txn_two_devices(scene& s) {
    auto alice2 = s.c.must_login(s.alice.user_id, "pw-a");
    s.c.must_send(s.alice, type, "same", to_one(s.bob, {{"seq", 1}}));
    s.c.must_send(alice2, type, "same", to_one(s.bob, {{"seq", 2}}));
    return s.received(s.bob);
}

TEST(fault, txn_per_user_treats_another_device_as_a_replay) {
    scene clean;
    EXPECT_THAT(same_txn_two_devices(clean), ElementsAre(1, 2));
    scene faulty{fault::txn_per_user};
    EXPECT_THAT(same_txn_two_devices(faulty), ElementsAre(1));
}

}  // namespace
}  // namespace mxc::test
