// The scene of the federation tests: the reference server with federation on, clean or with
// chosen faults, alice and bob registered there, and a remote homeserver (matrix::mock_remote,
// the one the harness runs for its cases) with carol a user of it. The scene speaks for the
// remote when it sends transactions to the server, and reads what the remote received.
#pragma once

#include <chrono>
#include <initializer_list>
#include <string>
#include <vector>

#include "matrix/mock_remote.hpp"
#include "matrix/signing.hpp"
#include "scene.hpp"

namespace mxc::test {

struct fed_scene : scene {
    // One PUT /_matrix/federation/v1/send/{txnId} the remote received, with its answer.
    struct transaction {
        std::string txn_id;
        std::string uri;
        json body;  // null when not JSON
        std::vector<std::string> authorization;
        unsigned answered = 0;  // 0: not (yet) answered, held or dropped
    };

    matrix::mock_remote remote;
    std::string carol;  // @carol:<the remote>

    explicit fed_scene(std::initializer_list<refserver::fault> faults = {});

    // An m.direct_to_device EDU from the remote.
    static json edu(const std::string& sender, const std::string& message_id, const json& messages);
    // carol's EDU with {"seq": seq} for one of our devices.
    json edu_to(const account& to, const std::string& message_id, int seq) const;

    // --- from the remote to the server ---
    // {origin, origin_server_ts, pdus: [], edus} from the remote.
    json transaction_body(const json& edus) const;
    // The request a remote makes: PUT /send/{txn_id} signed with key for the destination.
    net::http_call signed_send(const std::string& destination, const std::string& txn_id,
                               const json& body, const matrix::signing_key& key) const;
    // Sends call to the server's federation listener, trusting test_ca().
    api_reply call(const net::http_call& call) const;
    // PUT /send/{txn_id} with edus, signed with the remote's key; must_deliver: and accepted.
    api_reply deliver(const std::string& txn_id, const json& edus) const;
    void must_deliver(const std::string& txn_id, const json& edus) const;

    // --- from the server to the remote ---
    // alice sends {"seq": seq} to carol's device DEV (or "*") under a new txnId.
    void send_to_carol(int seq, const std::string& device = "DEV");
    // Every transaction the remote received so far, answered or not, in order of arrival.
    std::vector<transaction> transactions() const;
    // Waits until the remote has received and answered at least n transactions, bounded.
    std::vector<transaction> wait_for_transactions(std::size_t n,
                                                   std::chrono::milliseconds limit = 10s) const;
    // The seqs carol's remote accepted (answered 200), in the order of the transactions; and
    // every seq it received, whatever it answered (the remote rejects what breaks the spec).
    std::vector<int> accepted_seqs() const { return seqs_for_carol(true); }
    std::vector<int> received_seqs() const { return seqs_for_carol(false); }

  private:
    std::vector<int> seqs_for_carol(bool accepted_only) const;
};

}  // namespace mxc::test
