// The scene of the federation tests: a remote homeserver (fake_remote) and the reference server
// with federation on, clean or with chosen faults, alice and bob registered there, carol a user
// of the remote.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "fake_remote.hpp"
#include "fixture.hpp"

namespace mxc::test {

struct fed_scene {
    static constexpr const char* type = "org.example.test";

    fake_remote remote;
    test_server srv;
    client c{srv.base_url()};
    account alice = c.must_register("alice", "pw-a");
    account bob = c.must_register("bob", "pw-b");
    std::string carol = "@carol:" + remote.server_name();
    int txn = 0;

    explicit fed_scene(std::initializer_list<refserver::fault> faults = {})
        : srv(server_options{faults, {}, 64 * 1024, true}) {}

    // An m.direct_to_device EDU from the remote.
    static json edu(const std::string& sender, const std::string& message_id,
                    const json& messages) {
        return {{"edu_type", "m.direct_to_device"},
                {"content",
                 {{"sender", sender},
                  {"type", type},
                  {"message_id", message_id},
                  {"messages", messages}}}};
    }
    // carol's EDU with {"seq": seq} for one of our devices.
    json edu_to(const account& to, const std::string& message_id, int seq) const {
        return edu(carol, message_id, to_one(to, {{"seq", seq}}));
    }
    // The remote's signed transaction, which must be accepted.
    void must_deliver(const std::string& txn_id, const json& edus) {
        auto r = remote.send(srv, txn_id, edus);
        if (r.status != 200) throw std::runtime_error("PUT /send: " + r.describe());
    }

    // The seqs `who` receives from now until a local sentinel sent after them.
    std::vector<int> received(const account& who) {
        std::vector<int> out;
        for (const auto& e : events_until_sentinel(c, alice, who))
            out.push_back(e["content"]["seq"]);
        return out;
    }

    // alice sends {"seq": seq} to carol's device DEV (or "*") under a new txnId.
    void send_to_carol(int seq, const std::string& device = "DEV") {
        c.must_send(alice, type, "t" + std::to_string(txn++),
                    {{carol, {{device, {{"seq", seq}}}}}});
    }
    // Waits until the remote has seen at least n transactions, bounded.
    std::vector<fake_remote::transaction> wait_for_transactions(
        std::size_t n, std::chrono::milliseconds limit = 10s) {
        if (!wait_until([&] { return remote.transactions().size() >= n; }, limit))
            throw std::runtime_error(
                fmt::format("the remote saw {} transactions within {} ms, not {}",
                            remote.transactions().size(), limit.count(), n));
        return remote.transactions();
    }
    // The seqs carol's remote accepted (answered 200), in the order of the transactions.
    std::vector<int> accepted_seqs() const {
        std::vector<int> out;
        for (const auto& t : remote.transactions()) {
            if (t.answered != 200) continue;
            for (const auto& e : t.body["edus"])
                for (const auto& [device, content] : e["content"]["messages"][carol].items())
                    out.push_back(content["seq"]);
        }
        return out;
    }
};

}  // namespace mxc::test
