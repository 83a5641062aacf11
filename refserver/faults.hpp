// Deliberate deviations the reference server can switch on (`--fault NAME`), so the harness can
// prove that each check fails on a server that gets that detail wrong.
#pragma once

#include <bitset>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mxc::refserver {

enum class fault {
    no_ack_delete,             // never deletes acknowledged messages
    delete_on_delivery,        // deletes messages as soon as a /sync lists them
    no_limit,                  // lists every pending message in one /sync
    limit_101,                 // lists up to 101 per /sync
    reorder,                   // lists pending messages newest first
    duplicate_delivery,        // stores every message twice per device
    ignore_txn,                // no transaction-id idempotency
    txn_ignores_path,          // txnId scope ignores the path (eventType and version prefix)
    wildcard_skips_sender,     // "*" leaves out the sending device
    reject_unknown_recipient,  // 400 for the whole request when one recipient is unknown
    no_wake,                   // a long-poll returns only at its timeout
    event_missing_sender,      // delivered events lack "sender"
    ack_any_since,             // any since deletes every pending message of the device
    lose_on_restart,           // keeps everything in memory
    extra_event_keys,          // delivered events carry an extra "message_id" key
    device_delete_keeps_queue, // a deleted and re-created device gets the old queue
    no_immediate_after_limit,  // after a limited batch, the next long-poll still waits
    wildcard_no_devices_400,   // "*" for a user with no devices fails the request with 400
    lenient_body,              // malformed bodies are accepted and what can be read is delivered
    auth_errcode_forbidden,    // a missing or unknown token gets 403 M_FORBIDDEN
    deliver_to_all_devices,    // a message to one device goes to every device of the user
    txn_per_user,              // txnId scope is the user, not the device
    edu_missing_message_id,    // outbound m.direct_to_device EDUs lack message_id
    new_message_id_on_retry,   // a retried transaction carries freshly generated message_ids
    no_retry,                  // a failed outbound transaction's EDUs are dropped
    accept_spoofed_sender,     // inbound EDUs whose sender is not on the origin are delivered
    no_inbound_dedup,          // inbound transactions and message_ids are not deduplicated
    unsigned_requests,         // outbound federation requests carry no Authorization header
    wrong_destination,         // outbound X-Matrix names (and signs for) another destination
    edu_batch_over_100,        // outbound transactions carry up to 1000 EDUs
    wildcard_not_forwarded,    // messages to "*" of remote users are silently not sent
    no_inbound_auth,           // inbound federation requests are accepted without a valid signature
    accept_missing_message_id, // inbound EDUs without message_id are delivered
    inbound_edu_limit_ignored, // inbound transactions of more than 100 EDUs are accepted
    inbound_wildcard_unexpanded, // inbound "*" is taken as a device id, reaching no device
    count_
};

struct fault_info {
    fault id;
    std::string_view name;
    std::string_view description;
};

std::span<const fault_info> all_faults();
std::optional<fault> parse_fault(std::string_view name);
std::string_view fault_name(fault f);

class fault_set {
public:
    void enable(fault f) { bits_.set(static_cast<std::size_t>(f)); }
    bool has(fault f) const { return bits_.test(static_cast<std::size_t>(f)); }
    bool any() const { return bits_.any(); }
    std::string describe() const;  // "none" or comma-separated names

private:
    std::bitset<static_cast<std::size_t>(fault::count_)> bits_;
};

}  // namespace mxc::refserver
