// The scene of the fault tests: a server, clean or with chosen faults, with alice and bob
// registered. Each scenario runs on both and returns what a client observes there. fed_scene
// adds a remote homeserver.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fixture.hpp"

namespace mxc::test {

struct scene {
    test_server srv;
    client c{srv.base_url()};
    account alice = c.must_register("alice", "pw-a");
    account bob = c.must_register("bob", "pw-b");
    int txn = 0;

    explicit scene(std::initializer_list<refserver::fault> faults = {}) : srv(faults) {}
    explicit scene(server_options options) : srv(std::move(options)) {}

    // alice sends {"seq": seq} to one device, each time under a new txnId.
    void send(const account& to, int seq) {
        c.must_send(alice, type, "t" + std::to_string(txn++), to_one(to, {{"seq", seq}}));
    }
    // The seqs `who` receives from now until a sentinel sent after them.
    std::vector<int> received(const account& who) {
        std::vector<int> out;
        for (const auto& e : events_until_sentinel(c, alice, who))
            out.push_back(e["content"]["seq"]);
        return out;
    }
};

}  // namespace mxc::test
