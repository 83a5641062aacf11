// Deliberate deviations the reference server can switch on (`--fault NAME`), so the harness can
// prove that each check fails on a server that gets that detail wrong. Each fault is one row of
// the table in faults.cpp (name, what the server then does, what that breaks); `serve --help`
// and the README's fault table are made from it (issue 8, "faults as data").
#pragma once

#include <bitset>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mxc::refserver {

// Each value has exactly one row in the table (checked at compile time); its text lives there.
enum class fault {
    no_ack_delete,
    delete_on_delivery,
    no_limit,
    limit_101,
    reorder,
    duplicate_delivery,
    ignore_txn,
    txn_ignores_path,
    wildcard_skips_sender,
    reject_unknown_recipient,
    no_wake,
    event_missing_sender,
    ack_any_since,
    lose_on_restart,
    extra_event_keys,
    device_delete_keeps_queue,
    no_immediate_after_limit,
    wildcard_no_devices_400,
    lenient_body,
    auth_errcode_forbidden,
    deliver_to_all_devices,
    txn_per_user,
    edu_missing_message_id,
    new_message_id_on_retry,
    no_retry,
    accept_spoofed_sender,
    no_inbound_dedup,
    unsigned_requests,
    wrong_destination,
    edu_batch_over_100,
    wildcard_not_forwarded,
    no_inbound_auth,
    accept_missing_message_id,
    inbound_edu_limit_ignored,
    inbound_wildcard_unexpanded,
    black_hole,
    static_initial_token,
    uia_no_session,
    min_sync_timeout,
    initial_sync_relists_acked,
    initial_sync_newest_first,
    outbox_lost_on_restart,
    inbound_dedup_forgotten_on_restart,
    count_
};

// What the self-test may assume of a fault beyond its row: which cases fail with it on.
enum class teeth_scope {
    // The cases naming the fault in `caught_by` fail under it; others may fail too.
    named,
    // The cases naming it fail and every other judged case still passes: the deviation is
    // legal or harmless elsewhere, and the harness must cope with it.
    confined,
    // Every case that judges delivery fails under it (nothing is ever delivered).
    all_delivery,
};

struct fault_info {
    fault id;
    std::string_view name;         // the --fault and caught_by spelling: "no-ack-delete"
    std::string_view description;  // what the server does with it on (Markdown code spans)
    std::string_view breaks;       // the requirement it violates, "area: requirement"
    teeth_scope scope;             // which cases the self-test may expect to fail
};

// The scope in words, for the README's fault table.
std::string_view describe(teeth_scope scope);

// Every fault, in the table's order (the order `serve --help` and the README list them).
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
