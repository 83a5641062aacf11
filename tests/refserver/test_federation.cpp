// The federation API of the reference server over real TLS: inbound m.direct_to_device EDUs
// (authentication, transaction shape, deduplication, delivery to /sync) and the outbound sender
// (signing, retries with the same transaction, batches of at most 100, the outbox after a
// restart). The remote homeserver is the harness's matrix::mock_remote on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <memory>

#include "fed_scene.hpp"
#include "matrix/key_fetcher.hpp"
#include "matrix/x_matrix.hpp"
#include "support/scripted_server.hpp"

namespace mxc::test {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

// --- inbound --------------------------------------------------------------------------------

TEST(federation_in, signed_edu_reaches_the_named_device) {
    fed_scene s;
    auto r = s.deliver("t1", json::array({s.edu_to(s.bob, "m1", 1)}));
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body, json({{"pdus", json::object()}}));
    const auto events = to_device_events(s.c.must_sync(s.bob));
    ASSERT_EQ(events.size(), 1u) << events.dump();
    EXPECT_EQ(events[0], json({{"sender", s.carol}, {"type", type}, {"content", {{"seq", 1}}}}));
    EXPECT_THAT(s.received(s.alice), IsEmpty());
}

TEST(federation_in, wildcard_reaches_every_device) {
    fed_scene s;
    const auto bob2 = s.c.must_login(s.bob.user_id, "pw-b");
    s.must_deliver(
        "t1",
        json::array({fed_scene::edu(s.carol, "m1", {{s.bob.user_id, {{"*", {{"seq", 1}}}}}})}));
    EXPECT_THAT(s.received(s.bob), ElementsAre(1));
    EXPECT_THAT(s.received(bob2), ElementsAre(1));
}

TEST(federation_in, pdus_are_answered_not_supported) {
    fed_scene s;
    auto body = s.transaction_body(json::array());
    body["pdus"] = json::array({{{"event_id", "$abc"}, {"type", "m.room.message"}}});
    auto r = s.call(s.signed_send(s.srv.server_name(), "t1", body, s.remote.key()));
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body, json({{"pdus", {{"$abc", {{"error", "not supported"}}}}}}));
}

TEST(federation_in, a_replayed_transaction_and_a_known_message_id_deliver_once) {
    fed_scene s;
    const auto edus = json::array({s.edu_to(s.bob, "m1", 1)});
    auto first = s.deliver("t1", edus);
    auto replay = s.deliver("t1", edus);
    ASSERT_EQ(first.status, 200u) << first.describe();
    ASSERT_EQ(replay.status, 200u) << replay.describe();
    EXPECT_EQ(replay.body, first.body);
    // A later transaction repeating the message_id (a retry after a lost answer) and a new one.
    s.must_deliver("t2", json::array({s.edu_to(s.bob, "m1", 1), s.edu_to(s.bob, "m2", 2)}));
    EXPECT_THAT(s.received(s.bob), ElementsAre(1, 2));
}

TEST(federation_in, a_sender_of_another_server_is_dropped) {
    fed_scene s;
    s.must_deliver(
        "t1",
        json::array({fed_scene::edu("@mallory:other.example", "m1", to_one(s.bob, {{"seq", 1}})),
                     s.edu_to(s.bob, "m2", 2)}));
    EXPECT_THAT(s.received(s.bob), ElementsAre(2));
    EXPECT_TRUE(s.srv.logged("belongs to another server"));
}

TEST(federation_in, an_edu_without_message_id_is_dropped_and_later_ones_still_count) {
    fed_scene s;
    auto bad = s.edu_to(s.bob, "unused", 1);
    bad["content"].erase("message_id");
    s.must_deliver("t1", json::array({bad}));
    s.must_deliver("t2", json::array({s.edu_to(s.bob, "m2", 2)}));
    EXPECT_THAT(s.received(s.bob), ElementsAre(2));
    EXPECT_TRUE(s.srv.logged("no string message_id"));
}

TEST(federation_in, unauthenticated_requests_get_401_and_deliver_nothing) {
    fed_scene s;
    const auto body = s.transaction_body(json::array({s.edu_to(s.bob, "m1", 1)}));
    const auto dest = s.srv.server_name();
    // A key the remote does not publish; the published key id with other key material; none.
    const auto unknown = s.signed_send(dest, "t1", body, matrix::signing_key::generate("other"));
    const auto forged =
        s.signed_send(dest, "t2", body, matrix::signing_key::generate(s.remote.key().version()));
    auto unsigned_call = s.signed_send(dest, "t3", body, s.remote.key());
    unsigned_call.headers.erase(unsigned_call.headers.begin());
    ASSERT_EQ(unsigned_call.headers.front().first, "Content-Type");
    const auto wrong_dest = s.signed_send("elsewhere.example", "t4", body, s.remote.key());
    for (const auto& call : {unknown, forged, unsigned_call, wrong_dest}) {
        auto r = s.call(call);
        EXPECT_EQ(r.status, 401u) << call.target << ": " << r.describe();
        EXPECT_EQ(r.errcode(), "M_UNAUTHORIZED") << r.describe();
        EXPECT_FALSE(r.body.value("error", "").empty()) << r.describe();
    }
    EXPECT_THAT(s.received(s.bob), IsEmpty());
    // The same body, properly signed, is then accepted.
    s.must_deliver("t5", json::array({s.edu_to(s.bob, "m1", 1)}));
    EXPECT_THAT(s.received(s.bob), ElementsAre(1));
}

TEST(federation_in, a_key_that_cannot_be_fetched_gets_401) {
    fed_scene s;
    // The origin names a server nobody listens on: its keys cannot be had.
    auto body = s.transaction_body(json::array({s.edu_to(s.bob, "m1", 1)}));
    body["origin"] = "127.0.0.1:1";
    const auto call =
        matrix::signed_call(s.remote.key(), "127.0.0.1:1", s.srv.server_name(), http::verb::put,
                            "/_matrix/federation/v1/send/t1", &body, 10s);
    auto r = s.call(call);
    EXPECT_EQ(r.status, 401u) << r.describe();
    EXPECT_EQ(r.errcode(), "M_UNAUTHORIZED");
    EXPECT_THAT(s.received(s.bob), IsEmpty());
}

TEST(federation_in, malformed_transactions_get_400_and_deliver_nothing) {
    fed_scene s;
    json edus = json::array();
    for (int i = 0; i < 101; ++i) edus.push_back(s.edu_to(s.bob, "m" + std::to_string(i), i));
    auto many = s.deliver("t1", edus);
    EXPECT_EQ(many.status, 400u) << many.describe();
    EXPECT_EQ(many.errcode(), "M_BAD_JSON");
    EXPECT_THAT(many.body.value("error", ""), ::testing::HasSubstr("too many EDUs"));

    auto other_origin = s.transaction_body(json::array({s.edu_to(s.bob, "m1", 1)}));
    other_origin["origin"] = "other.example";
    auto r = s.call(s.signed_send(s.srv.server_name(), "t2", other_origin, s.remote.key()));
    EXPECT_EQ(r.status, 400u) << r.describe();

    auto no_pdus = s.transaction_body(json::array({s.edu_to(s.bob, "m1", 1)}));
    no_pdus.erase("pdus");
    r = s.call(s.signed_send(s.srv.server_name(), "t3", no_pdus, s.remote.key()));
    EXPECT_EQ(r.status, 400u) << r.describe();
    EXPECT_THAT(s.received(s.bob), IsEmpty());
}

TEST(federation_in, a_long_poll_wakes_on_an_inbound_edu) {
    fed_scene s;
    auto held = hold_long_poll(s.srv.base_url(), s.c, s.bob, 30s);
    s.must_deliver("t1", json::array({s.edu_to(s.bob, "m1", 1)}));
    ASSERT_EQ(held.wait_for(10s), std::future_status::ready);
    const auto r = held.get();
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_THAT(seqs(r.body), ElementsAre(1));
    EXPECT_LT(r.elapsed, 10s);
}

TEST(federation_in, keys_version_devices_profile_and_unknown_paths) {
    fed_scene s;
    auto get = [&](const std::string& target, bool sign) {
        auto call = matrix::signed_call(s.remote.key(), s.remote.server_name(), s.srv.server_name(),
                                        http::verb::get, target, nullptr, 10s);
        if (!sign) call.headers.clear();
        return s.call(call);
    };
    auto keys = get("/_matrix/key/v2/server", false);
    ASSERT_EQ(keys.status, 200u) << keys.describe();
    EXPECT_TRUE(matrix::check_server_keys(keys.body, s.srv.server_name(), 0)) << keys.describe();
    EXPECT_TRUE(keys.body["verify_keys"].begin().key().starts_with("ed25519:r"));

    auto version = get("/_matrix/federation/v1/version", false);
    EXPECT_EQ(version.body["server"]["name"], "mxconform-refserver") << version.describe();

    auto devices = get("/_matrix/federation/v1/user/devices/" + encode(s.bob.user_id), true);
    ASSERT_EQ(devices.status, 200u) << devices.describe();
    EXPECT_EQ(devices.body["user_id"], s.bob.user_id);
    EXPECT_TRUE(devices.body["stream_id"].is_number_integer());
    ASSERT_EQ(devices.body["devices"].size(), 1u);
    EXPECT_EQ(devices.body["devices"][0]["device_id"], s.bob.device_id);
    EXPECT_EQ(get("/_matrix/federation/v1/user/devices/" + encode(s.bob.user_id), false).status,
              401u);
    EXPECT_EQ(
        get("/_matrix/federation/v1/user/devices/" + encode("@nobody:" + s.srv.server_name()), true)
            .status,
        404u);

    EXPECT_EQ(
        get("/_matrix/federation/v1/query/profile?user_id=" + encode(s.bob.user_id), true).status,
        200u);
    EXPECT_EQ(get("/_matrix/federation/v1/query/profile?user_id=" + encode(s.carol), true).status,
              404u);

    auto unknown = get("/_matrix/federation/v1/state/!room:x", true);
    EXPECT_EQ(unknown.status, 404u);
    EXPECT_EQ(unknown.errcode(), "M_UNRECOGNIZED");
}

TEST(federation_in, an_origin_slow_to_publish_its_keys_does_not_stall_the_server) {
    fed_scene s;
    // An origin that takes every request, its key request too, and never answers.
    auto origin =
        std::make_unique<scripted_server>([](const net::request&) { return std::nullopt; },
                                          net::server_tls_context(test_ca().issue({"127.0.0.1"})));
    auto body = s.transaction_body(json::array({s.edu_to(s.bob, "m1", 1)}));
    body["origin"] = origin->host_port();
    const auto call = matrix::signed_call(matrix::signing_key::generate("silent"),
                                          origin->host_port(), s.srv.server_name(), http::verb::put,
                                          "/_matrix/federation/v1/send/t1", &body, 10s);
    auto pending = std::async(std::launch::async, [&] { return s.call(call); });
    ASSERT_TRUE(wait_until([&] {
        const auto seen = origin->seen();
        return std::any_of(seen.begin(), seen.end(), [](const std::string& request) {
            return request.starts_with("GET /_matrix/key/v2/server");
        });
    }));
    // The key fetch waits on the thread pool; the client API answers meanwhile.
    const auto r = s.c.sync(s.bob);
    EXPECT_EQ(r.status, 200u) << r.describe();
    EXPECT_LT(r.elapsed, 2s);
    // Once the origin is gone its keys cannot be had: 401, nothing delivered.
    origin.reset();
    ASSERT_EQ(pending.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(pending.get().status, 401u);
    EXPECT_THAT(s.received(s.bob), IsEmpty());
}

// --- outbound -------------------------------------------------------------------------------

TEST(federation_out, a_message_for_a_remote_user_arrives_as_a_signed_edu) {
    fed_scene s;
    s.send_to_carol(1);
    const auto txns = s.wait_for_transactions(1);
    ASSERT_EQ(txns.size(), 1u);
    const auto& t = txns[0];
    EXPECT_EQ(t.uri, "/_matrix/federation/v1/send/" + t.txn_id);
    EXPECT_EQ(t.body["origin"], s.srv.server_name());
    EXPECT_TRUE(t.body["origin_server_ts"].is_number_integer());
    EXPECT_EQ(t.body["pdus"], json::array());
    ASSERT_EQ(t.body["edus"].size(), 1u) << t.body.dump();
    const auto& edu = t.body["edus"][0];
    EXPECT_EQ(edu["edu_type"], "m.direct_to_device");
    EXPECT_EQ(edu["content"]["sender"], s.alice.user_id);
    EXPECT_EQ(edu["content"]["type"], type);
    EXPECT_EQ(edu["content"]["message_id"].get<std::string>().size(), 16u);
    EXPECT_EQ(edu["content"]["messages"], json({{s.carol, {{"DEV", {{"seq", 1}}}}}}));

    // Signed by the server with the key it publishes, for this remote.
    net::client_options options;
    options.tls = net::client_tls_context(test_trust());
    matrix::key_fetcher keys(options);
    const auto check = matrix::verify_request("PUT", t.uri, &t.body, t.authorization,
                                              s.remote.server_name(), keys.as_lookup());
    EXPECT_TRUE(check) << check.reason;
    EXPECT_EQ(check.origin, s.srv.server_name());
    ASSERT_EQ(t.authorization.size(), 1u);
    EXPECT_EQ(matrix::parse_x_matrix(t.authorization[0]).auth->destination, s.remote.server_name());
}

TEST(federation_out, a_failed_transaction_is_retried_with_the_same_txn_id_and_message_ids) {
    fed_scene s;
    s.remote.fail_next(matrix::mock_failure::status_500, 2);
    s.send_to_carol(1);
    const auto txns = s.wait_for_transactions(3);
    EXPECT_EQ(txns[0].answered, 500u);
    EXPECT_EQ(txns[2].answered, 200u);
    for (const auto& t : txns) {
        EXPECT_EQ(t.txn_id, txns[0].txn_id);
        EXPECT_EQ(t.body["edus"], txns[0].body["edus"]);
    }
    // Delivered once: the next message comes in a new transaction, and nothing else with it.
    s.send_to_carol(2);
    s.wait_for_transactions(4);
    EXPECT_THAT(s.accepted_seqs(), ElementsAre(1, 2));
    EXPECT_NE(s.transactions()[3].txn_id, txns[0].txn_id);
}

TEST(federation_out, a_remote_that_was_down_gets_the_message_when_up) {
    fed_scene s;
    s.remote.down();
    s.send_to_carol(1);
    ASSERT_TRUE(wait_until([&] { return s.srv.logged("attempt 2 failed"); }));
    s.remote.up();
    s.wait_for_transactions(1);
    EXPECT_THAT(s.accepted_seqs(), ElementsAre(1));
}

std::vector<std::size_t> batch_sizes(fed_scene& s, int messages) {
    s.remote.down();
    for (int i = 0; i < messages; ++i) s.send_to_carol(i);
    s.remote.up();
    if (!wait_until([&] { return s.accepted_seqs().size() >= static_cast<std::size_t>(messages); },
                    20s))
        throw std::runtime_error("the remote did not accept every message within 20 s");
    std::vector<std::size_t> out;
    for (const auto& t : s.transactions())
        if (t.answered == 200) out.push_back(t.body["edus"].size());
    return out;
}

TEST(federation_out, more_than_100_queued_edus_go_in_transactions_of_at_most_100_in_order) {
    fed_scene s;
    const auto sizes = batch_sizes(s, 230);
    EXPECT_THAT(sizes, ::testing::Each(::testing::Le(100u)));
    EXPECT_THAT(sizes, ::testing::Contains(100u));
    EXPECT_THAT(s.accepted_seqs(), ElementsAreArray(range(0, 230)));
}

TEST(federation_out, the_outbox_is_flushed_after_a_restart) {
    fed_scene s;
    s.remote.down();
    s.send_to_carol(1);
    s.send_to_carol(2);
    ASSERT_TRUE(wait_until([&] { return s.srv.logged("attempt 1 failed"); }));
    const auto name = s.srv.server_name();
    s.srv.restart();
    ASSERT_EQ(s.srv.server_name(), name);
    s.remote.up();
    ASSERT_TRUE(wait_until([&] { return s.accepted_seqs().size() >= 2; }));
    EXPECT_THAT(s.accepted_seqs(), ElementsAre(1, 2));
}

TEST(federation_out, stop_does_not_wait_past_the_request_timeout_for_a_silent_remote) {
    fed_scene s;
    s.remote.fail_next(matrix::mock_failure::time_out, 1);
    s.send_to_carol(1);
    ASSERT_TRUE(wait_until([&] { return !s.transactions().empty(); }));
    const auto start = std::chrono::steady_clock::now();
    s.srv.restart();
    // The fixture's request timeout is 3 s; the answer never comes.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 6s);
    // The message is still queued and goes out again from the restarted server.
    ASSERT_TRUE(wait_until([&] { return !s.accepted_seqs().empty(); }));
    EXPECT_THAT(s.accepted_seqs(), ElementsAre(1));
}

TEST(federation_out, the_signing_key_survives_a_restart) {
    fed_scene s;
    auto key_ids = [&] {
        net::http_call call;
        call.target = "/_matrix/key/v2/server";
        return s.call(call).body["verify_keys"];
    };
    const auto before = key_ids();
    s.srv.restart();
    EXPECT_EQ(key_ids(), before);
}

}  // namespace
}  // namespace mxc::test
