#include "refserver/faults.hpp"

#include <algorithm>
#include <array>

namespace mxc::refserver {

namespace {

using enum teeth_scope;

// The one table of faults, grouped by the area each one breaks. The last field says which
// cases the self-test may expect to fail under the fault (faults.hpp, teeth_scope).
constexpr std::array table{
    // Acknowledgement by `since` (client-server, Send-to-Device / Server behaviour).
    fault_info{fault::no_ack_delete, "no-ack-delete",
               "never deletes messages, even after the client syncs with `next_batch`",
               "ack: acknowledged messages are deleted", named},
    fault_info{fault::delete_on_delivery, "delete-on-delivery",
               "deletes messages as soon as a `/sync` lists them, before the ack",
               "ack: messages stay until acknowledged", named},
    fault_info{fault::ack_any_since, "ack-any-since",
               "any `since` deletes every pending message of the device",
               "ack: a `since` acknowledges only what its response listed", named},
    // The 100-per-response limit.
    fault_info{fault::no_limit, "no-limit", "lists every pending message in one `/sync`",
               "limit: at most 100 messages per `/sync`", named},
    fault_info{fault::limit_101, "limit-101", "lists up to 101 messages per `/sync`",
               "limit: at most 100 messages per `/sync`", named},
    fault_info{fault::no_immediate_after_limit, "no-immediate-after-limit",
               "after a full batch, the next long-poll waits although more are pending",
               "limit: the next `/sync` answers at once while more are pending", named},
    // What is delivered, to whom, in which order.
    fault_info{fault::reorder, "reorder", "lists pending messages newest first",
               "delivery: order of arrival", named},
    fault_info{fault::duplicate_delivery, "duplicate-delivery",
               "stores every message twice for each device", "delivery: exactly once", named},
    fault_info{fault::deliver_to_all_devices, "deliver-to-all-devices",
               "a message to one device goes to every device of the user",
               "delivery: only the addressed device gets a message", named},
    fault_info{fault::event_missing_sender, "event-missing-sender",
               "delivered events lack `sender`", "delivery: the event's shape", named},
    fault_info{fault::extra_event_keys, "extra-event-keys",
               "delivered events carry an extra `message_id` key",
               "delivery: the event's exact shape", named},
    // Transaction identifiers (client-server, API standards).
    fault_info{fault::ignore_txn, "ignore-txn",
               "no transaction-id idempotency: a replayed PUT is delivered again",
               "txn: a retransmission is the same transaction", named},
    fault_info{fault::txn_ignores_path, "txn-ignores-path",
               "txnId scope ignores the path: another eventType or version prefix is a replay",
               "txn: the txnId is scoped to the request path", named},
    fault_info{fault::txn_per_user, "txn-per-user",
               "txnId scope is the user, so another device's txnId counts as a replay",
               "txn: the txnId is scoped to the device", named},
    // `*` as device id.
    fault_info{fault::wildcard_skips_sender, "wildcard-skips-sender",
               "`*` leaves out the sending device",
               "wildcard: `*` is every device of the user, the sender's included", named},
    fault_info{fault::wildcard_no_devices_400, "wildcard-no-devices-400",
               "`*` for a user with no devices fails the request with 400",
               "wildcard: `*` for a user without devices is no error", named},
    // Malformed and unauthenticated requests.
    fault_info{fault::reject_unknown_recipient, "reject-unknown-recipient",
               "400 for the whole request when one recipient user or device is unknown",
               "bad input: unknown recipients do not fail the others", named},
    fault_info{fault::lenient_body, "lenient-body",
               "accepts malformed bodies (no `messages`, lists, non-user keys) and delivers "
               "what can be read",
               "bad input: a malformed body is refused", named},
    fault_info{fault::auth_errcode_forbidden, "auth-errcode-forbidden",
               "a missing or unknown access token gets 403 `M_FORBIDDEN` instead of 401",
               "bad input: a missing or unknown token gets 401", named},
    // Long-poll wake-up, devices, durability.
    fault_info{fault::no_wake, "no-wake",
               "a waiting `/sync` returns only at its timeout, not when a message arrives",
               "wake: a new message ends a long-poll", named},
    fault_info{fault::device_delete_keeps_queue, "device-delete-keeps-queue",
               "a device re-created with a deleted device's id gets its old queue",
               "devices: a deleted device's messages go with it", named},
    fault_info{fault::lose_on_restart, "lose-on-restart",
               "keeps everything in memory: a restart loses all messages",
               "durability: an answered message survives a restart (reference server tests)",
               named},
    // Federation out: EDUs the server sends (server-server, Send-to-device messaging).
    fault_info{fault::edu_missing_message_id, "edu-missing-message-id",
               "outbound `m.direct_to_device` EDUs lack `message_id`",
               "federation out: the EDU's shape", named},
    fault_info{fault::unsigned_requests, "unsigned-requests",
               "outbound federation requests carry no `Authorization` header",
               "federation out: requests are signed with X-Matrix", named},
    fault_info{fault::wrong_destination, "wrong-destination",
               "outbound X-Matrix names destination `wrong.example.org` and is signed for it",
               "federation out: X-Matrix names the destination", named},
    fault_info{fault::new_message_id_on_retry, "new-message-id-on-retry",
               "a retried transaction (same txnId) carries newly generated `message_id`s",
               "federation out: a retry repeats the transaction unchanged", named},
    fault_info{fault::no_retry, "no-retry", "a failed outbound transaction's EDUs are dropped",
               "federation out: a transaction is retried until answered 200", named},
    fault_info{fault::edu_batch_over_100, "edu-batch-over-100",
               "outbound transactions carry up to 1000 EDUs",
               "federation out: at most 100 EDUs per transaction", named},
    fault_info{fault::wildcard_not_forwarded, "wildcard-not-forwarded",
               "messages to `*` of users on other servers are silently not sent",
               "federation out: `*` for a remote user is forwarded", named},
    // Federation in: transactions the server receives.
    fault_info{fault::no_inbound_auth, "no-inbound-auth",
               "inbound federation requests are accepted without a valid X-Matrix signature",
               "federation in: a request without a valid signature gets 401", named},
    fault_info{fault::accept_spoofed_sender, "accept-spoofed-sender",
               "inbound EDUs whose sender is on another server than the origin are delivered",
               "federation in: the sender is on the origin server", named},
    fault_info{fault::accept_missing_message_id, "accept-missing-message-id",
               "inbound EDUs without `message_id` are delivered",
               "federation in: an EDU without `message_id` is dropped", named},
    fault_info{fault::no_inbound_dedup, "no-inbound-dedup",
               "no inbound deduplication by txnId or `message_id`",
               "federation in: a transaction and a `message_id` count once", named},
    fault_info{fault::inbound_edu_limit_ignored, "inbound-edu-limit-ignored",
               "inbound transactions of more than 100 EDUs are accepted",
               "federation in: more than 100 EDUs are refused", named},
    fault_info{fault::inbound_wildcard_unexpanded, "inbound-wildcard-unexpanded",
               "inbound `*` is taken as a device id, so it reaches no device",
               "federation in: `*` reaches every device of the user", named},
    // Whole-server deviations and details of the initial /sync.
    fault_info{fault::black_hole, "black-hole",
               "answers every valid `sendToDevice` 200 but stores nothing, sends nothing over "
               "federation and drops inbound `m.direct_to_device` EDUs (transactions answered 200)",
               "delivery: an accepted message is delivered", all_delivery},
    fault_info{fault::static_initial_token, "static-initial-token",
               "an initial `/sync`'s `next_batch` is special: a `/sync` with it answers at once, "
               "lists nothing and gives an ordinary `next_batch` of the same position",
               "ack: a `/sync` from an earlier `since` lists every message still pending",
               confined},
    fault_info{fault::uia_no_session, "uia-no-session",
               "user-interactive auth's 401 carries no `session`; an `auth` without one "
               "completes the stage at once",
               "none: legal, the harness must cope with it", confined},
    fault_info{fault::min_sync_timeout, "min-sync-timeout",
               "a long-poll (`since`, `timeout` above 0) waits at least 15 s unless a message is "
               "pending or arrives",
               "wake: a `/sync` answers within its `timeout`", confined},
    fault_info{fault::initial_sync_relists_acked, "initial-sync-relists-acked",
               "keeps acknowledged messages, and an initial `/sync` lists them again",
               "ack: acknowledged messages are never listed again", named},
    fault_info{fault::initial_sync_newest_first, "initial-sync-newest-first",
               "an initial `/sync` lists pending messages newest first",
               "delivery: order of arrival, in an initial `/sync` too", named},
    // Restarts (issue 10, "Target restarts").
    fault_info{fault::outbox_lost_on_restart, "outbox-lost-on-restart",
               "keeps the federation outbox in memory only: a restart drops EDUs not yet accepted",
               "federation out: the outbox survives a restart", named},
    fault_info{fault::inbound_dedup_forgotten_on_restart, "inbound-dedup-forgotten-on-restart",
               "keeps inbound txnIds and `message_id`s in memory only: a restart forgets them",
               "federation in: a `message_id` counts once, across a restart", named},
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

std::string_view describe(teeth_scope scope) {
    switch (scope) {
        case named:
            return "the cases naming it";
        case confined:
            return "the cases naming it, and no other";
        case all_delivery:
            return "every case that judges delivery";
    }
    return {};
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
