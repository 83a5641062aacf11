// A federation transaction sent to a target as a remote homeserver would send it (server-server
// API, "Transactions": PUT /_matrix/federation/v1/send/{txnId}): built, signed with X-Matrix
// (or wrongly signed on purpose), sent, and kept as an exchange for the transcript.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "matrix/client.hpp"
#include "matrix/signing.hpp"
#include "net/http_client.hpp"

namespace mxc::matrix {

struct outgoing_transaction {
    // How the request is signed: correctly, or wrong in one way, for cases that check the
    // target refuses it.
    enum class signature { valid, none, bad_signature, unknown_key, wrong_destination };

    std::string txn_id;       // empty: a fresh one
    std::string origin;       // the sending server's name
    std::string destination;  // the target's server name
    json edus = json::array();
    std::optional<json> body;  // sent instead of {origin, origin_server_ts, pdus, edus}
    signature sign = signature::valid;
};

// "valid", "none", "bad_signature", "unknown_key" or "wrong_destination".
std::optional<outgoing_transaction::signature> parse_signature(std::string_view name);

struct sent_transaction {
    exchange ex;   // as sent and answered; ex.error says why when no answer came back
    reply answer;  // status 0 when there was no answer
};

// Sends t to the federation API at url, signed with key. Never throws for a missing answer:
// that is in ex.error.
sent_transaction send_transaction(const signing_key& key, const outgoing_transaction& t,
                                  const std::string& url, const net::client_options& options,
                                  std::chrono::milliseconds timeout);

// A transaction id no earlier call of this process gave.
std::string fresh_txn_id();

}  // namespace mxc::matrix
