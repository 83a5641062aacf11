// The restart faults (issue 10, "Target restarts"): what the federation keeps across a restart of
// the server on the same database, on the clean server and on one with the fault. Negatives are
// proven with a later message that does arrive.
#include <gtest/gtest.h>

#include "fed_scene.hpp"

namespace mxc::test {
namespace {

using refserver::fault;

// carol's seqs the remote accepted: 1 sent while the remote was down, the server restarted, the
// remote back, then 2, which shows the server is sending again.
std::vector<int> outbox_across_restart(fed_scene& s) {
    s.remote.down();
    s.send_to_carol(1);
    EXPECT_TRUE(s.remote.wait_for_refused(1, 10s));
    s.srv.restart();
    s.remote.up();
    s.send_to_carol(2);
    EXPECT_TRUE(wait_until([&] {
        const auto seqs = s.accepted_seqs();
        return std::find(seqs.begin(), seqs.end(), 2) != seqs.end();
    }));
    return s.accepted_seqs();
}

TEST(fault, outbox_lost_on_restart_drops_what_was_not_yet_sent) {
    fed_scene clean;
    auto seqs = outbox_across_restart(clean);
    std::sort(seqs.begin(), seqs.end());
    EXPECT_EQ(seqs, (std::vector<int>{1, 2}));
    fed_scene faulty{fault::outbox_lost_on_restart};
    EXPECT_EQ(outbox_across_restart(faulty), std::vector<int>{2});
}

// What bob receives when the remote sends the same message_id again after a restart.
std::vector<int> same_message_id_across_restart(fed_scene& s) {
    s.must_deliver("t1", json::array({s.edu_to(s.bob, "m1", 1)}));
    EXPECT_EQ(s.received(s.bob), std::vector<int>{1});
    s.srv.restart();
    s.must_deliver("t2", json::array({s.edu_to(s.bob, "m1", 1)}));
    return s.received(s.bob);
}

TEST(fault, inbound_dedup_forgotten_on_restart_delivers_a_message_id_twice) {
    fed_scene clean;
    EXPECT_EQ(same_message_id_across_restart(clean), std::vector<int>{});
    fed_scene faulty{fault::inbound_dedup_forgotten_on_restart};
    EXPECT_EQ(same_message_id_across_restart(faulty), std::vector<int>{1});
}

}  // namespace
}  // namespace mxc::test
