// The self-test (issue 3, "Teeth"): every judged case passes on the clean reference server,
// and for every judged case some fault of the reference server makes it fail. The table
// below names which; a judged case missing from it fails the test.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "selftest/run_mxconform.hpp"

namespace mxc::test {

namespace {

using json = nlohmann::json;

// fault -> cases (ids without the "to_device." prefix) that must fail with it on.
const std::map<std::string, std::vector<std::string>>& teeth() {
    static const std::map<std::string, std::vector<std::string>> table{
        {"no-ack-delete",
         {"ack.gone_after_next_batch", "ack.old_since_after_newer_ack", "delivery.exactly_once"}},
        {"delete-on-delivery",
         {"ack.redelivered_on_initial_sync", "ack.redelivered_when_since_replayed"}},
        {"ack-any-since",
         {"ack.only_listed_messages_deleted", "ack.redelivered_when_since_replayed"}},
        {"no-limit", {"limit.150_pending", "limit.recommended_100"}},
        {"limit-101", {"limit.150_pending", "limit.recommended_100"}},
        {"no-immediate-after-limit", {"limit.next_sync_returns_at_once"}},
        {"duplicate-delivery",
         {"limit.250_over_several_syncs", "delivery.exactly_once",
          "federation.in.hundred_edus_one_device", "federation.in.delivered"}},
        {"reorder", {"delivery.order_of_arrival", "delivery.interleaved_senders"}},
        {"ignore-txn",
         {"txn.replay_after_ack_delivers_once", "txn.replay_before_ack_delivers_once",
          "txn.replay_with_other_body_returns_original", "txn.concurrent_identical",
          "send.percent_encoded_txn_id"}},
        {"txn-ignores-path", {"txn.other_event_type_is_new"}},
        {"txn-per-user", {"txn.other_device_is_new"}},
        {"wildcard-skips-sender", {"wildcard.self", "wildcard.two_devices_including_sender"}},
        {"wildcard-no-devices-400", {"wildcard.user_without_devices"}},
        {"deliver-to-all-devices", {"delivery.addressed_device_only"}},
        {"reject-unknown-recipient",
         {"bad_input.unknown_device_beside_valid", "bad_input.unknown_user_beside_valid"}},
        {"lenient-body",
         {"bad_input.messages_is_list", "bad_input.no_messages", "bad_input.user_key_not_user_id",
          "bad_input.not_json"}},
        {"auth-errcode-forbidden", {"bad_input.bad_token", "bad_input.no_token"}},
        {"no-wake",
         {"wake.send_wakes_long_poll", "wake.wildcard_wakes_long_poll",
          "wake.self_send_wakes_long_poll", "federation.in.wakes_long_poll",
          "federation.in.wildcard_wakes_long_poll"}},
        {"event-missing-sender",
         {"send.one_device", "delivery.exact_shape_initial_sync",
          "delivery.exact_shape_incremental_sync"}},
        {"extra-event-keys",
         {"send.empty_content", "send.large_content", "send.non_ascii_content",
          "send.encrypted_event_type", "send.own_device", "send.two_users_distinct_content",
          "wildcard.other_user_two_devices"}},
        {"device-delete-keeps-queue",
         {"devices.logout_drops_queue", "devices.recreated_device_gets_only_later"}},
        // Federation. Every outbound case checks the EDU's shape, so a missing message_id
        // catches them all; the faults after it catch what each case is about.
        {"edu-missing-message-id",
         {"federation.out.edu_delivered", "federation.out.second_message_not_repeated",
          "federation.out.several_remote_users", "federation.out.local_and_remote",
          "federation.out.wildcard_forwarded"}},
        {"unsigned-requests", {"federation.out.edu_delivered"}},
        {"wrong-destination", {"federation.out.edu_delivered"}},
        {"wildcard-not-forwarded", {"federation.out.wildcard_forwarded"}},
        {"new-message-id-on-retry",
         {"federation.out.retry_after_500", "federation.out.retry_after_timeout",
          "federation.out.retry_after_drop"}},
        {"no-retry",
         {"federation.out.retry_after_500", "federation.out.retry_after_timeout",
          "federation.out.retry_after_drop", "federation.out.unreachable_then_back",
          "federation.out.at_most_100_edus"}},
        {"edu-batch-over-100", {"federation.out.at_most_100_edus"}},
        {"accept-spoofed-sender", {"federation.in.spoofed_sender_dropped"}},
        {"no-inbound-dedup",
         {"federation.in.same_message_id_once", "federation.in.txn_replay_once"}},
        {"no-inbound-auth",
         {"federation.in.bad_signature_401", "federation.in.unknown_key_401",
          "federation.in.unsigned_401", "federation.in.wrong_destination_401"}},
        {"accept-missing-message-id", {"federation.in.missing_message_id"}},
        {"inbound-edu-limit-ignored", {"federation.in.over_100_edus_rejected"}},
        {"inbound-wildcard-unexpanded", {"federation.in.wildcard_expanded"}},
    };
    return table;
}

std::string full_id(const std::string& short_id) {
    return "to_device." + short_id;
}

std::map<std::string, std::string> verdicts(const json& index) {
    std::map<std::string, std::string> out;
    if (!index.is_object() || !index.contains("cases")) return out;
    for (const auto& c : index["cases"])
        out[c["id"].get<std::string>()] = c["verdict"].get<std::string>();
    return out;
}

// The judged cases: every case whose level is not "observed".
std::set<std::string> judged_cases() {
    auto r = run_command({"list", "--json"});
    std::set<std::string> out;
    auto list = json::parse(r.output, nullptr, false);
    if (!list.is_array()) return out;
    for (const auto& c : list)
        if (c["level"] != "observed") out.insert(c["id"].get<std::string>());
    return out;
}

}  // namespace

TEST(selftest, every_judged_case_passes_on_the_clean_server) {
    auto r = run_mxconform({});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto v = verdicts(r.index);
    const auto judged = judged_cases();
    ASSERT_GE(judged.size(), 40u);
    for (const auto& id : judged) {
        ASSERT_TRUE(v.count(id)) << id << " was not run";
        EXPECT_EQ(v.at(id), "pass") << id;
    }
    for (const auto& [id, verdict] : v)
        if (!judged.count(id)) EXPECT_EQ(verdict, "observed") << id;
}

TEST(selftest, every_judged_case_has_a_fault_that_catches_it) {
    std::set<std::string> covered;
    for (const auto& [fault, cases] : teeth())
        for (const auto& c : cases) covered.insert(full_id(c));
    const auto judged = judged_cases();  // one `mxconform list`, not one per case
    for (const auto& id : judged)
        EXPECT_TRUE(covered.count(id)) << id << " has no fault in the teeth table";
    for (const auto& id : covered)
        EXPECT_TRUE(judged.count(id)) << id << " in the table is not a judged case";
}

class fault_teeth : public testing::TestWithParam<std::string> {};

TEST_P(fault_teeth, listed_cases_fail_with_the_fault_on) {
    const auto& fault = GetParam();
    // --strict: a should-level case caught by its fault (non-strict) fails the run too.
    // Short waits: a case caught by its fault mostly fails by waiting out a bound (a message
    // that never comes), and a shorter bound can only make it fail sooner, never pass.
    std::vector<std::string> args{"--strict", "--ref-fault", fault, "--timeout-scale", "0.25"};
    for (const auto& c : teeth().at(fault)) {
        args.push_back("--cases");
        args.push_back(full_id(c));
    }
    auto r = run_mxconform(args);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    const auto v = verdicts(r.index);
    for (const auto& c : teeth().at(fault)) {
        ASSERT_TRUE(v.count(full_id(c))) << c << " was not run\n" << r.output;
        const auto& verdict = v.at(full_id(c));
        EXPECT_TRUE(verdict == "fail" || verdict == "non-strict")
            << full_id(c) << " should fail with --ref-fault " << fault << " but was " << verdict
            << "\n"
            << r.output;
    }
}

INSTANTIATE_TEST_SUITE_P(all, fault_teeth, testing::ValuesIn([] {
                             std::vector<std::string> names;
                             for (const auto& [fault, cases] : teeth()) names.push_back(fault);
                             return names;
                         }()),
                         [](const testing::TestParamInfo<std::string>& i) {
                             std::string n = i.param;
                             for (auto& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });

}  // namespace mxc::test
