#include "refserver/faults.hpp"

#include <algorithm>
#include <array>

namespace mxc::refserver {

namespace {

// The one table of faults, grouped by the area each one breaks.
constexpr std::array table{
    // Acknowledgement by `since` (client-server, Send-to-Device / Server behaviour).
    fault_info{fault::no_ack_delete, "no-ack-delete",
               "never deletes messages, even after the client syncs with `next_batch`",
               "ack: acknowledged messages are deleted"},
    fault_info{fault::delete_on_delivery, "delete-on-delivery",
               "deletes messages as soon as a `/sync` lists them, before the ack",
               "ack: messages stay until acknowledged"},
    fault_info{fault::ack_any_since, "ack-any-since",
               "any `since` deletes every pending message of the device",
               "ack: a `since` acknowledges only what its response listed"},
    // The 100-per-response limit.
    fault_info{fault::no_limit, "no-limit", "lists every pending message in one `/sync`",
               "limit: at most 100 messages per `/sync`"},
    fault_info{fault::limit_101, "limit-101", "lists up to 101 messages per `/sync`",
               "limit: at most 100 messages per `/sync`"},
    fault_info{fault::no_immediate_after_limit, "no-immediate-after-limit",
               "after a full batch, the next long-poll waits although more are pending",
               "limit: the next `/sync` answers at once while more are pending"},
    // What is delivered, to whom, in which order.
    fault_info{fault::reorder, "reorder", "lists pending messages newest first",
               "delivery: order of arrival"},
    fault_info{fault::duplicate_delivery, "duplicate-delivery",
               "stores every message twice for each device", "delivery: exactly once"},
    fault_info{fault::deliver_to_all_devices, "deliver-to-all-devices",
               "a message to one device goes to every device of the user",
               "delivery: only the addressed device gets a message"},
    fault_info{fault::event_missing_sender, "event-missing-sender",
               "delivered events lack `sender`", "delivery: the event's shape"},
    fault_info{fault::extra_event_keys, "extra-event-keys",
               "delivered events carry an extra `message_id` key",
               "delivery: the event's exact shape"},
    // Transaction identifiers (client-server, API standards).
    fault_info{fault::ignore_txn, "ignore-txn",
               "no transaction-id idempotency: a replayed PUT is delivered again",
               "txn: a retransmission is the same transaction"},
    fault_info{fault::txn_ignores_path, "txn-ignores-path",
               "txnId scope ignores the path: another eventType or version prefix is a replay",
               "txn: the txnId is scoped to the request path"},
    fault_info{fault::txn_per_user, "txn-per-user",
               "txnId scope is the user, so another device's txnId counts as a replay",
               "txn: the txnId is scoped to the device"},
    // `*` as device id.
    fault_info{fault::wildcard_skips_sender, "wildcard-skips-sender",
               "`*` leaves out the sending device",
               "wildcard: `*` is every device of the user, the sender's included"},
    fault_info{fault::wildcard_no_devices_400, "wildcard-no-devices-400",
               "`*` for a user with no devices fails the request with 400",
               "wildcard: `*` for a user without devices is no error"},
    // Malformed and unauthenticated requests.
    fault_info{fault::reject_unknown_recipient, "reject-unknown-recipient",
               "400 for the whole request when one recipient user or device is unknown",
               "bad input: unknown recipients do not fail the others"},
    fault_info{fault::lenient_body, "lenient-body",
               "accepts malformed bodies (no `messages`, lists, non-user keys) and delivers "
               "what can be read",
               "bad input: a malformed body is refused"},
    fault_info{fault::auth_errcode_forbidden, "auth-errcode-forbidden",
               "a missing or unknown access token gets 403 `M_FORBIDDEN` instead of 401",
               "bad input: a missing or unknown token gets 401"},
    // Long-poll wake-up, devices, durability.
    fault_info{fault::no_wake, "no-wake",
               "a waiting `/sync` returns only at its timeout, not when a message arrives",
               "wake: a new message ends a long-poll"},
    fault_info{fault::device_delete_keeps_queue, "device-delete-keeps-queue",
               "a device re-created with a deleted device's id gets its old queue",
               "devices: a deleted device's messages go with it"},
    fault_info{fault::lose_on_restart, "lose-on-restart",
               "keeps everything in memory: a restart loses all messages",
               "durability: an answered message survives a restart (reference server tests)"},
    // Federation out: EDUs the server sends (server-server, Send-to-device messaging).
    fault_info{fault::edu_missing_message_id, "edu-missing-message-id",
               "outbound `m.direct_to_device` EDUs lack `message_id`",
               "federation out: the EDU's shape"},
    fault_info{fault::unsigned_requests, "unsigned-requests",
               "outbound federation requests carry no `Authorization` header",
               "federation out: requests are signed with X-Matrix"},
    fault_info{fault::wrong_destination, "wrong-destination",
               "outbound X-Matrix names destination `wrong.example.org` and is signed for it",
               "federation out: X-Matrix names the destination"},
    fault_info{fault::new_message_id_on_retry, "new-message-id-on-retry",
               "a retried transaction (same txnId) carries newly generated `message_id`s",
               "federation out: a retry repeats the transaction unchanged"},
    fault_info{fault::no_retry, "no-retry", "a failed outbound transaction's EDUs are dropped",
               "federation out: a transaction is retried until answered 200"},
    fault_info{fault::edu_batch_over_100, "edu-batch-over-100",
               "outbound transactions carry up to 1000 EDUs",
               "federation out: at most 100 EDUs per transaction"},
    fault_info{fault::wildcard_not_forwarded, "wildcard-not-forwarded",
               "messages to `*` of users on other servers are silently not sent",
               "federation out: `*` for a remote user is forwarded"},
    // Federation in: transactions the server receives.
    fault_info{fault::no_inbound_auth, "no-inbound-auth",
               "inbound federation requests are accepted without a valid X-Matrix signature",
               "federation in: a request without a valid signature gets 401"},
    fault_info{fault::accept_spoofed_sender, "accept-spoofed-sender",
               "inbound EDUs whose sender is on another server than the origin are delivered",
               "federation in: the sender is on the origin server"},
    fault_info{fault::accept_missing_message_id, "accept-missing-message-id",
               "inbound EDUs without `message_id` are delivered",
               "federation in: an EDU without `message_id` is dropped"},
    fault_info{fault::no_inbound_dedup, "no-inbound-dedup",
               "no inbound deduplication by txnId or `message_id`",
               "federation in: a transaction and a `message_id` count once"},
    fault_info{fault::inbound_edu_limit_ignored, "inbound-edu-limit-ignored",
               "inbound transactions of more than 100 EDUs are accepted",
               "federation in: more than 100 EDUs are refused"},
    fault_info{fault::inbound_wildcard_unexpanded, "inbound-wildcard-unexpanded",
               "inbound `*` is taken as a device id, so it reaches no device",
               "federation in: `*` reaches every device of the user"},
    // Restarts (issue 10, "Target restarts"). TODO(lead): teeth_scope::named for both rows.
    fault_info{fault::outbox_lost_on_restart, "outbox-lost-on-restart",
               "keeps the federation outbox in memory only: a restart drops EDUs not yet accepted",
               "federation out: the outbox survives a restart"},
    fault_info{fault::inbound_dedup_forgotten_on_restart, "inbound-dedup-forgotten-on-restart",
               "keeps inbound txnIds and `message_id`s in memory only: a restart forgets them",
               "federation in: a `message_id` counts once, across a restart"},
};

// Every enum value has exactly one row and every name one value, whatever the rows' order.
constexpr bool one_row_per_fault() {
    if (table.size() != static_cast<std::size_t>(fault::count_)) return false;
    for (std::size_t v = 0; v < table.size(); ++v)
        if (std::count_if(table.begin(), table.end(), [&](const fault_info& f) {
                return static_cast<std::size_t>(f.id) == v;
            }) != 1)
            return false;
    for (const auto& f : table)
        if (f.name.empty() || f.description.empty() || f.breaks.empty() ||
            std::count_if(table.begin(), table.end(),
                          [&](const fault_info& g) { return g.name == f.name; }) != 1)
            return false;
    return true;
}
static_assert(one_row_per_fault(), "each fault needs exactly one row with a unique name");

}  // namespace

std::span<const fault_info> all_faults() {
    return table;
}

std::optional<fault> parse_fault(std::string_view name) {
    for (const auto& f : table)
        if (f.name == name) return f.id;
    return std::nullopt;
}

std::string_view fault_name(fault f) {
    return std::find_if(table.begin(), table.end(), [&](const fault_info& i) { return i.id == f; })
        ->name;
}

std::string fault_set::describe() const {
    std::string out;
    for (const auto& f : table) {
        if (!has(f.id)) continue;
        if (!out.empty()) out += ",";
        out += f.name;
    }
    return out.empty() ? "none" : out;
}

}  // namespace mxc::refserver
