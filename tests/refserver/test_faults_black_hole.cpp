// The black-hole fault (issue 9): every valid send is answered 200 and forgotten, locally and
// over federation, and inbound EDUs are accepted and dropped; bad requests keep their 4xx.
// Each scenario runs on the clean server and on one with the fault; only the second deviates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fed_scene.hpp"

namespace mxc::test {
namespace {

using refserver::fault;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The send's status, then what bob's /sync lists: the send was stored before its answer, so a
// /sync after it lists it if it was stored at all.
std::pair<unsigned, std::vector<int>> sent_then_listed(scene& s) {
    const auto status = s.c.send_to_device(s.alice, type, "t1", to_one(s.bob, {{"seq", 1}})).status;
    return {status, seqs(s.c.must_sync(s.bob))};
}

TEST(fault, black_hole_answers_200_and_stores_nothing) {
    scene clean;
    EXPECT_EQ(sent_then_listed(clean), std::make_pair(200u, std::vector<int>{1}));
    scene faulty{fault::black_hole};
    EXPECT_EQ(sent_then_listed(faulty), std::make_pair(200u, std::vector<int>{}));
    // Nor does a later long-poll find it.
    const auto token = faulty.c.must_sync(faulty.bob)["next_batch"].get<std::string>();
    EXPECT_THAT(seqs(faulty.c.must_sync(faulty.bob, token, 200ms)), IsEmpty());
}

// The status and errcode of malformed and unauthenticated sends.
std::vector<std::pair<unsigned, std::string>> bad_sends(scene& s) {
    const auto target = s.c.path("/sendToDevice/" + std::string(type) + "/");
    std::vector<std::pair<unsigned, std::string>> out;
    for (const auto& [txn, body, token] : std::vector<std::tuple<std::string, std::string, bool>>{
             {"b1", "{}", true},
             {"b2", R"({"messages": []})", true},
             {"b3", R"({"messages": {"not-a-user": {}}})", true},
             {"b4", "not json", true},
             {"b5", R"({"messages": {}})", false}}) {
        auto r = s.c.call(http::verb::put, target + txn, body, token ? s.alice.access_token : "");
        out.emplace_back(r.status, r.errcode());
    }
    return out;
}

TEST(fault, black_hole_keeps_the_usual_4xx) {
    scene clean;
    const auto expected = bad_sends(clean);
    for (const auto& [status, errcode] : expected) EXPECT_GE(status, 400u) << errcode;
    scene faulty{fault::black_hole};
    EXPECT_EQ(bad_sends(faulty), expected);
}

// Whether the remote receives a transaction within 2 s of a send to carol. The clean server
// sends at once; 2 s is the bound on proving that the faulty one never does.
bool remote_gets_a_transaction(fed_scene& s) {
    s.send_to_carol(1);
    return wait_until([&] { return !s.transactions().empty(); }, 2s);
}

TEST(fault, black_hole_sends_nothing_over_federation) {
    fed_scene clean;
    EXPECT_TRUE(remote_gets_a_transaction(clean));
    fed_scene faulty{fault::black_hole};
    EXPECT_FALSE(remote_gets_a_transaction(faulty));
}

// The inbound transaction's status, then what bob's /sync lists: a transaction is stored
// before it is answered.
std::pair<unsigned, std::vector<int>> inbound(fed_scene& s) {
    const auto status = s.deliver("t1", json::array({s.edu_to(s.bob, "m1", 1)})).status;
    return {status, seqs(s.c.must_sync(s.bob))};
}

TEST(fault, black_hole_accepts_and_drops_inbound_edus) {
    fed_scene clean;
    EXPECT_EQ(inbound(clean), std::make_pair(200u, std::vector<int>{1}));
    fed_scene faulty{fault::black_hole};
    EXPECT_EQ(inbound(faulty), std::make_pair(200u, std::vector<int>{}));
}

}  // namespace
}  // namespace mxc::test
