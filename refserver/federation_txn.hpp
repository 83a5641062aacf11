// PUT /_matrix/federation/v1/send/{txnId} once its origin is authenticated: the transaction's
// shape, its deduplication, and the m.direct_to_device EDUs it brings for this server's users
// (server-server API, "Transactions" and "Send-to-device messaging").
#pragma once

#include <string>

#include "refserver/api.hpp"

namespace mxc::refserver {

// The answer is 200 {"pdus": {...}} (PDUs are not supported here, each gets an error) or a 400
// for a body that is not a transaction. A replay of (origin, txnId) gets the stored answer.
json_reply receive_transaction(server_state& s, const std::string& origin,
                               const std::string& txn_id, const json& body);

}  // namespace mxc::refserver
