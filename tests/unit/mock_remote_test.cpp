// The mock remote homeserver on its own: what it serves, how it judges the requests it gets, its
// cues, down/up, and that nothing a peer sends it can crash it. A second mock plays the target:
// it publishes the keys the first one fetches to check signatures.
#include <gtest/gtest.h>

#include "matrix/key_fetcher.hpp"
#include "matrix/mock_remote.hpp"
#include "matrix/x_matrix.hpp"
#include "support/temp_dir.hpp"

namespace mxc::matrix {
namespace {

using namespace std::chrono_literals;
namespace http = net::http;

class mock_remote_test : public testing::Test {
  protected:
    void SetUp() override {
        ca_ = std::make_unique<net::certificate_authority>(
            net::certificate_authority::open_or_create(dir_.path() / "ca"));
        trust_ = net::client_tls_context({net::tls_trust::mode::ca_file, ca_->cert_file()});

        // The "target": only its keys endpoint matters here.
        mock_options t;
        t.ca = ca_.get();
        target_ = std::make_unique<mock_remote>(t);
        target_->start();

        net::client_options fetch;
        fetch.tls = trust_;
        keys_ = std::make_unique<key_fetcher>(fetch);

        mock_options o;
        o.ca = ca_.get();
        o.target_server_name = target_->server_name();
        o.target_keys = keys_.get();
        o.hold_for = 300ms;
        mock_ = std::make_unique<mock_remote>(o);
        mock_->start();
    }

    void TearDown() override {
        mock_.reset();
        target_.reset();
    }

    net::http_client client() const {
        net::client_options o;
        o.tls = trust_;
        o.tls_server_name = "127.0.0.1";
        return net::http_client(mock_->base_url(), o);
    }

    // A transaction from the target to the mock, signed with the target's key.
    net::http_reply send(const std::string& txn, const json& body, const signing_key* key = nullptr,
                         std::string destination = {}) {
        auto call = signed_call(key ? *key : target_->key(), target_->server_name(),
                                destination.empty() ? mock_->server_name() : destination,
                                http::verb::put, "/_matrix/federation/v1/send/" + txn, &body, 5s);
        return client().send(call);
    }

    json transaction(int edus) const {
        json body{
            {"origin", target_->server_name()}, {"origin_server_ts", 1}, {"pdus", json::array()}};
        body["edus"] = json::array();
        for (int i = 0; i < edus; ++i)
            body["edus"].push_back(
                {{"edu_type", "m.direct_to_device"},
                 {"content",
                  {{"sender", "@a:" + target_->server_name()},
                   {"type", "m.test"},
                   {"message_id", "m" + std::to_string(i)},
                   {"messages", {{"@c:" + mock_->server_name(), {{"D", {{"i", i}}}}}}}}}});
        return body;
    }

    test::temp_dir dir_;
    std::unique_ptr<net::certificate_authority> ca_;
    std::shared_ptr<net::ssl::context> trust_;
    std::unique_ptr<mock_remote> target_;
    std::unique_ptr<key_fetcher> keys_;
    std::unique_ptr<mock_remote> mock_;
};

TEST_F(mock_remote_test, publishes_self_signed_keys_under_a_fresh_key_id) {
    net::http_call get;
    get.target = "/_matrix/key/v2/server";
    auto reply = client().send(get);
    ASSERT_EQ(reply.status, 200u);
    auto check = check_server_keys(json::parse(reply.body), mock_->server_name(), 1);
    ASSERT_TRUE(check) << check.result.reason;
    EXPECT_TRUE(check.keys.verify_keys.count(mock_->key().key_id()));
    EXPECT_NE(mock_->key().key_id(), target_->key().key_id());
    EXPECT_TRUE(mock_->server_name().starts_with("127.0.0.1:"));
}

TEST_F(mock_remote_test, accepts_and_records_a_signed_transaction) {
    auto reply = send("t1", transaction(2));
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(json::parse(reply.body), (json{{"pdus", json::object()}}));
    auto ts = mock_->transactions();
    ASSERT_EQ(ts.size(), 1u);
    EXPECT_EQ(ts[0].txn_id, "t1");
    EXPECT_TRUE(ts[0].accepted());
    const auto edus = direct_to_device_edus(ts);
    ASSERT_EQ(edus.size(), 2u);
    EXPECT_EQ(edus[1]["message_id"], "m1");
    auto rs = mock_->requests();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_TRUE(rs[0].problems.empty());
    EXPECT_EQ(rs[0].origin, target_->server_name());
}

TEST_F(mock_remote_test, a_replayed_transaction_is_answered_but_not_counted_twice) {
    ASSERT_EQ(send("t1", transaction(1)).status, 200u);
    ASSERT_EQ(send("t1", transaction(1)).status, 200u);
    auto ts = mock_->transactions();
    ASSERT_EQ(ts.size(), 2u);
    EXPECT_TRUE(ts[1].replay);
    EXPECT_EQ(direct_to_device_edus(ts).size(), 1u);
}

TEST_F(mock_remote_test, refuses_unsigned_misaddressed_and_foreign_key_requests) {
    auto body = transaction(1);
    net::http_call unsigned_call;
    unsigned_call.method = http::verb::put;
    unsigned_call.target = "/_matrix/federation/v1/send/u1";
    unsigned_call.body = body.dump();
    EXPECT_EQ(client().send(unsigned_call).status, 401u);
    EXPECT_EQ(send("w1", body, nullptr, "elsewhere.example.org").status, 401u);
    const auto stranger = signing_key::generate("stranger");
    EXPECT_EQ(send("k1", body, &stranger).status, 401u);
    for (const auto& r : mock_->requests()) {
        EXPECT_EQ(r.status, 401u);
        EXPECT_FALSE(r.problems.empty()) << r.target;
    }
    EXPECT_TRUE(direct_to_device_edus(mock_->transactions()).empty());
}

TEST_F(mock_remote_test, flags_transactions_over_the_limits_or_of_the_wrong_shape) {
    EXPECT_EQ(send("big", transaction(101)).status, 400u);
    auto bad_origin = transaction(1);
    bad_origin["origin"] = "someone.else";
    EXPECT_EQ(send("o1", bad_origin).status, 400u);
    EXPECT_EQ(send("n1", json::array({1, 2})).status, 400u);
    for (const auto& r : mock_->requests()) EXPECT_FALSE(r.problems.empty()) << r.target;
    EXPECT_TRUE(direct_to_device_edus(mock_->transactions()).empty());
}

TEST_F(mock_remote_test, fails_on_cue_then_accepts_again) {
    mock_->fail_next(mock_failure::status_500, 1);
    mock_->fail_next(mock_failure::drop, 1);
    mock_->fail_next(mock_failure::time_out, 1);
    EXPECT_EQ(send("c1", transaction(1)).status, 500u);
    EXPECT_THROW(send("c1", transaction(1)), net::transport_error);
    EXPECT_THROW(send("c1", transaction(1)), net::transport_error);  // held 300 ms, then closed
    EXPECT_EQ(send("c1", transaction(1)).status, 200u);
    auto ts = mock_->transactions();
    ASSERT_EQ(ts.size(), 4u);
    EXPECT_EQ(ts[0].status, 500u);
    EXPECT_EQ(ts[1].status, 0u);
    EXPECT_EQ(ts[2].status, 0u);
    EXPECT_TRUE(ts[3].accepted());
    EXPECT_EQ(direct_to_device_edus(ts).size(), 1u);
}

TEST_F(mock_remote_test, down_refuses_connections_and_up_serves_the_same_name) {
    const auto name = mock_->server_name();
    mock_->down();
    EXPECT_THROW(send("d1", transaction(1)), net::transport_error);
    EXPECT_TRUE(mock_->wait_for_refused(1, 2s));
    mock_->up();
    EXPECT_EQ(mock_->server_name(), name);
    EXPECT_EQ(send("d1", transaction(1)).status, 200u);
}

TEST_F(mock_remote_test, records_requests_no_peer_needs_as_unexpected) {
    net::http_call call;
    call.target = "/_matrix/federation/v1/event/$x";
    EXPECT_EQ(client().send(call).status, 404u);
    auto rs = mock_->requests();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_FALSE(rs[0].known_endpoint);
    ASSERT_EQ(rs[0].problems.size(), 1u);
    EXPECT_NE(rs[0].problems[0].find("not a request a peer needs"), std::string::npos);
}

TEST_F(mock_remote_test, an_allowed_path_is_answered_404_without_a_problem) {
    mock_options o;
    o.ca = ca_.get();
    o.allowed = {"/_matrix/federation/v1/query/"};
    mock_ = std::make_unique<mock_remote>(o);
    mock_->start();
    net::http_call call;
    call.target = "/_matrix/federation/v1/query/directory?room_alias=%23a%3Ab";
    EXPECT_EQ(client().send(call).status, 404u);
    call.target = "/_matrix/federation/v1/event/$x";
    EXPECT_EQ(client().send(call).status, 404u);
    auto rs = mock_->requests();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_FALSE(rs[0].known_endpoint);
    EXPECT_TRUE(rs[0].problems.empty());
    EXPECT_EQ(rs[1].problems.size(), 1u);
}

TEST_F(mock_remote_test, a_route_added_takes_its_path_with_decoded_parameters) {
    mock_->route({http::verb::get, "/_matrix/federation/v1/event/{eventId}", false,
                  [](const mock_request&, const mock_params& p) {
                      return mock_answer::reply(200, json{{"event_id", p.at("eventId")}});
                  }});
    net::http_call call;
    call.target = "/_matrix/federation/v1/event/%24x%3Ay";
    auto reply = client().send(call);
    ASSERT_EQ(reply.status, 200u);
    EXPECT_EQ(json::parse(reply.body)["event_id"], "$x:y");
    auto rs = mock_->requests();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_TRUE(rs[0].known_endpoint);
    EXPECT_TRUE(rs[0].problems.empty());
}

TEST_F(mock_remote_test, a_route_replaces_a_built_in_one_and_may_hold_or_drop) {
    mock_->route({http::verb::get, "/_matrix/key/v2/server", false,
                  [](const mock_request&, const mock_params&) { return mock_answer::held(); }});
    mock_->route({http::verb::get, "/_matrix/federation/v1/version", false,
                  [](const mock_request&, const mock_params&) {
                      auto a = mock_answer::dropped("(gone)");
                      a.problems.push_back("asked for the version");
                      return a;
                  }});
    net::http_call keys;
    keys.target = "/_matrix/key/v2/server";
    EXPECT_THROW(client().send(keys), net::transport_error);  // held 300 ms, then closed
    net::http_call version;
    version.target = "/_matrix/federation/v1/version";
    EXPECT_THROW(client().send(version), net::transport_error);
    auto rs = mock_->requests();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[0].status, 0u);
    EXPECT_EQ(rs[0].answer, "(held 300 ms without an answer)");
    EXPECT_EQ(rs[1].answer, "(gone)");
    EXPECT_EQ(rs[1].problems, std::vector<std::string>{"asked for the version"});
}

TEST_F(mock_remote_test, a_parameter_that_is_not_percent_encoding_is_a_problem) {
    auto call =
        signed_call(target_->key(), target_->server_name(), mock_->server_name(), http::verb::get,
                    "/_matrix/federation/v1/user/devices/%zz", nullptr, 5s);
    EXPECT_EQ(client().send(call).status, 400u);
    auto rs = mock_->requests();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].problems.size(), 1u);
}

// The mock sends transactions of its own: to a second mock that verifies them against the
// first one's published keys.
class send_transaction_test : public mock_remote_test {
  protected:
    void SetUp() override {
        mock_remote_test::SetUp();
        mock_options o;
        o.ca = ca_.get();
        o.target_server_name = mock_->server_name();
        o.target_keys = keys_.get();
        receiver_ = std::make_unique<mock_remote>(o);
        receiver_->start();
    }
    void TearDown() override {
        receiver_.reset();
        mock_remote_test::TearDown();
    }

    sent_transaction send(outgoing_transaction t) {
        net::client_options o;
        o.tls = trust_;
        o.tls_server_name = "127.0.0.1";
        if (t.destination.empty()) t.destination = receiver_->server_name();
        return mock_->send_transaction(t, receiver_->base_url(), o, 5s);
    }

    std::unique_ptr<mock_remote> receiver_;
};

TEST_F(send_transaction_test, builds_signs_and_sends_a_transaction) {
    outgoing_transaction t;
    t.txn_id = "tx/1";
    t.edus.push_back({{"edu_type", "m.direct_to_device"}, {"content", {{"message_id", "m1"}}}});
    const auto sent = send(t);
    ASSERT_TRUE(sent.ex.error.empty()) << sent.ex.error;
    EXPECT_EQ(sent.answer.status, 200u) << sent.answer.raw;
    EXPECT_TRUE(sent.answer.is_json);
    EXPECT_EQ(sent.ex.method, "PUT");
    EXPECT_EQ(sent.ex.target, "/_matrix/federation/v1/send/tx%2F1");
    ASSERT_TRUE(sent.ex.sent_json);
    EXPECT_EQ((*sent.ex.sent_json)["origin"], mock_->server_name());
    EXPECT_TRUE((*sent.ex.sent_json)["origin_server_ts"].is_number_integer());
    EXPECT_EQ((*sent.ex.sent_json)["pdus"], json::array());
    const auto ts = receiver_->transactions();
    ASSERT_EQ(ts.size(), 1u);
    EXPECT_EQ(ts[0].txn_id, "tx/1");
    EXPECT_TRUE(ts[0].accepted());
    EXPECT_EQ(receiver_->requests()[0].origin, mock_->server_name());
    EXPECT_EQ(direct_to_device_edus(ts)[0]["message_id"], "m1");
}

TEST_F(send_transaction_test, each_wrong_signature_is_refused) {
    for (const char* name : {"none", "bad_signature", "unknown_key", "wrong_destination"}) {
        outgoing_transaction t;
        t.sign = *parse_signature(name);
        const auto sent = send(t);
        EXPECT_EQ(sent.answer.status, 401u) << name << ": " << sent.answer.raw;
    }
    EXPECT_FALSE(parse_signature("valid-ish"));
    EXPECT_TRUE(receiver_->transactions().empty());
}

TEST_F(send_transaction_test, a_given_body_is_sent_as_is_and_txn_ids_are_fresh) {
    outgoing_transaction t;
    t.body = json{{"pdus", json::array()}};
    const auto first = send(t);
    EXPECT_EQ(first.answer.status, 400u) << first.answer.raw;
    EXPECT_EQ(*first.ex.sent_json, *t.body);
    const auto second = send(t);
    EXPECT_NE(first.ex.target, second.ex.target);
}

TEST_F(send_transaction_test, no_answer_is_an_error_in_the_exchange) {
    net::client_options o;
    o.tls = trust_;
    o.connect_timeout = 2s;
    outgoing_transaction t;
    t.destination = "127.0.0.1:1";
    const auto sent = mock_->send_transaction(t, "https://127.0.0.1:1", o, 2s);
    EXPECT_FALSE(sent.ex.error.empty());
    EXPECT_EQ(sent.answer.status, 0u);
}

TEST_F(mock_remote_test, survives_garbage) {
    for (const std::string& body :
         std::vector<std::string>{"", "{", "null", std::string(100'000, '['), "\xff\xfe"}) {
        net::http_call call;
        call.method = http::verb::put;
        call.target = "/_matrix/federation/v1/send/g";
        call.body = body;
        call.headers.emplace_back("Authorization", "X-Matrix garbage");
        EXPECT_EQ(client().send(call).status, 401u);
    }
    net::http_call devices;
    devices.target = "/_matrix/federation/v1/user/devices/%zz";
    EXPECT_EQ(client().send(devices).status, 401u);
    EXPECT_EQ(send("after", transaction(1)).status, 200u);
}

TEST_F(mock_remote_test, serves_the_devices_it_was_given) {
    mock_->add_device("@c:x", "D1");
    auto call =
        signed_call(target_->key(), target_->server_name(), mock_->server_name(), http::verb::get,
                    "/_matrix/federation/v1/user/devices/%40c%3Ax", nullptr, 5s);
    auto reply = client().send(call);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    auto body = json::parse(reply.body);
    EXPECT_EQ(body["user_id"], "@c:x");
    EXPECT_EQ(body["devices"][0]["device_id"], "D1");
}

// Found by fuzz/mock_remote.cpp: the decoded user id is no UTF-8, and the answer's dump() threw.
TEST_F(mock_remote_test, answers_a_user_id_that_is_not_utf8) {
    auto call =
        signed_call(target_->key(), target_->server_name(), mock_->server_name(), http::verb::get,
                    "/_matrix/federation/v1/user/devices/%40c%BC%3Ax", nullptr, 5s);
    auto reply = client().send(call);
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(json::parse(reply.body)["user_id"], "@c\xEF\xBF\xBD:x");
    EXPECT_EQ(mock_->requests().back().status, 200u);
}

}  // namespace
}  // namespace mxc::matrix
