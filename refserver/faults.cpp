#include "refserver/faults.hpp"

#include <array>

namespace mxc::refserver {

namespace {
constexpr std::array<fault_info, static_cast<std::size_t>(fault::count_)> table{{
    {fault::no_ack_delete, "no-ack-delete", "never delete messages, even after the client syncs with next_batch"},
    {fault::delete_on_delivery, "delete-on-delivery", "delete messages as soon as a /sync lists them, before the ack"},
    {fault::no_limit, "no-limit", "list every pending message in one /sync (no 100 limit)"},
    {fault::limit_101, "limit-101", "list up to 101 messages per /sync"},
    {fault::reorder, "reorder", "list pending messages newest first"},
    {fault::duplicate_delivery, "duplicate-delivery", "store every message twice for each device"},
    {fault::ignore_txn, "ignore-txn", "no transaction-id idempotency: a replayed PUT is delivered again"},
    {fault::txn_ignores_path, "txn-ignores-path",
     "txnId scope ignores the path: another eventType or version prefix counts as a replay"},
    {fault::wildcard_skips_sender, "wildcard-skips-sender", "\"*\" leaves out the sending device"},
    {fault::reject_unknown_recipient, "reject-unknown-recipient",
     "answer 400 for the whole request when one recipient user or device is unknown"},
    {fault::no_wake, "no-wake", "a waiting /sync returns only at its timeout, not when a message arrives"},
    {fault::event_missing_sender, "event-missing-sender", "delivered events have no \"sender\""},
    {fault::ack_any_since, "ack-any-since", "any since token deletes every pending message of the device"},
    {fault::lose_on_restart, "lose-on-restart", "keep everything in memory: a restart loses all messages"},
    {fault::extra_event_keys, "extra-event-keys", "delivered events carry an extra \"message_id\" key"},
    {fault::device_delete_keeps_queue, "device-delete-keeps-queue",
     "deleting a device keeps its queue, so a device re-created with the same id gets old messages"},
    {fault::no_immediate_after_limit, "no-immediate-after-limit",
     "after a limited batch, the next /sync still waits for its timeout although more are pending"},
    {fault::wildcard_no_devices_400, "wildcard-no-devices-400",
     "answer 400 when \"*\" names a user who has no devices"},
    {fault::lenient_body, "lenient-body",
     "accept malformed bodies (no messages, lists, non-user keys) and deliver what can be read"},
    {fault::auth_errcode_forbidden, "auth-errcode-forbidden",
     "answer a missing or unknown access token with 403 M_FORBIDDEN instead of 401"},
    {fault::deliver_to_all_devices, "deliver-to-all-devices",
     "a message addressed to one device is delivered to every device of that user"},
    {fault::txn_per_user, "txn-per-user",
     "transaction ids are scoped to the user, so another device's txnId counts as a replay"},
    {fault::edu_missing_message_id, "edu-missing-message-id", "outbound m.direct_to_device EDUs lack message_id"},
    {fault::new_message_id_on_retry, "new-message-id-on-retry",
     "a retried federation transaction (same txnId) carries freshly generated message_ids"},
    {fault::no_retry, "no-retry", "a failed federation transaction is not retried: its EDUs are dropped"},
    {fault::accept_spoofed_sender, "accept-spoofed-sender",
     "deliver inbound EDUs whose sender belongs to another server than the origin"},
    {fault::no_inbound_dedup, "no-inbound-dedup",
     "no deduplication of inbound federation transactions (txnId) or message_ids"},
    {fault::unsigned_requests, "unsigned-requests", "outbound federation requests carry no Authorization header"},
    {fault::wrong_destination, "wrong-destination",
     "outbound X-Matrix headers name destination \"wrong.example.org\" and are signed for it"},
    {fault::edu_batch_over_100, "edu-batch-over-100", "outbound federation transactions carry up to 1000 EDUs"},
    {fault::wildcard_not_forwarded, "wildcard-not-forwarded",
     "messages to \"*\" of users on other servers are silently not sent"},
    {fault::no_inbound_auth, "no-inbound-auth",
     "inbound federation requests are accepted without a valid X-Matrix signature"},
    {fault::accept_missing_message_id, "accept-missing-message-id",
     "inbound m.direct_to_device EDUs without message_id are delivered"},
    {fault::inbound_edu_limit_ignored, "inbound-edu-limit-ignored",
     "inbound transactions of more than 100 EDUs are accepted"},
    {fault::inbound_wildcard_unexpanded, "inbound-wildcard-unexpanded",
     "inbound \"*\" is taken as a device id, so it reaches no device"},
}};
}  // namespace

std::span<const fault_info> all_faults() { return table; }

std::optional<fault> parse_fault(std::string_view name) {
    for (const auto& f : table)
        if (f.name == name) return f.id;
    return std::nullopt;
}

std::string_view fault_name(fault f) { return table[static_cast<std::size_t>(f)].name; }

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
