// Transactions, the m.direct_to_device EDU and server keys against specs/server-server/.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_fixture.hpp"

namespace mxc::spec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using json = nlohmann::json;

json direct_to_device(std::string message_id) {
    return {
        {"edu_type", "m.direct_to_device"},
        {"content",
         {{"sender", "@alice:mock.example:12345"},
          {"type", "m.test"},
          {"message_id", std::move(message_id)},
          {"messages", {{"@bob:target", {{"DEVICEID", {{"seq", 1}}}, {"*", json::object()}}}}}}}};
}

json transaction(json edus) {
    return {{"origin", "mock.example:12345"},
            {"origin_server_ts", 1700000000000},
            {"pdus", json::array()},
            {"edus", std::move(edus)}};
}

std::vector<finding> check_transaction(const json& body) {
    return v3().check_request(must_find("PUT", "/_matrix/federation/v1/send/txn1"), &body);
}

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

TEST(Transaction, AcceptsADirectToDeviceEdu) {
    auto edu = direct_to_device("hiezohf6Hoo7kaev");
    edu["content"]["org.matrix.opentracing_context"] = "{}";  // senders add their own fields
    EXPECT_THAT(check_transaction(transaction({edu})), IsEmpty());
}

TEST(Transaction, EdusAreOptionalPdusRequired) {
    json body = transaction(json::array());
    body.erase("edus");
    EXPECT_THAT(check_transaction(body), IsEmpty());
    body.erase("pdus");
    auto found = check_transaction(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "");
    EXPECT_THAT(found[0].message, HasSubstr("'pdus'"));
}

TEST(Transaction, OtherEduTypesNeedOnlyTheCommonShape) {
    json typing = {{"edu_type", "m.typing"}, {"content", {{"room_id", "!r:hs"}, {"typing", true}}}};
    EXPECT_THAT(check_transaction(transaction({typing})), IsEmpty());
    typing["content"] = "not an object";
    auto found = check_transaction(transaction({typing}));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/edus/0/content");
}

TEST(Transaction, MessageIdIsCountedInCodePoints) {
    // 32 two-byte characters are 64 bytes but within the 32-code-point limit.
    EXPECT_THAT(check_transaction(transaction({direct_to_device(repeat("\u00e9", 32))})),
                IsEmpty());
    EXPECT_THAT(check_transaction(transaction({direct_to_device(repeat("x", 32))})), IsEmpty());
}

TEST(Transaction, MessageIdOf33CodePointsIsAFinding) {
    for (auto unit : {"x", "\u00e9", "\U0001F600"}) {
        auto found = check_transaction(
            transaction({direct_to_device("ok"), direct_to_device(repeat(unit, 33))}));
        ASSERT_EQ(found.size(), 1u) << unit;
        EXPECT_EQ(found[0].where, "request");
        EXPECT_EQ(found[0].json_pointer, "/edus/1/content/message_id");
        EXPECT_THAT(found[0].message, HasSubstr("32"));
    }
}

TEST(Transaction, DirectToDeviceContentFieldsAreRequired) {
    for (auto field : {"sender", "type", "message_id", "messages"}) {
        auto edu = direct_to_device("m1");
        edu["content"].erase(field);
        auto found = check_transaction(transaction({edu}));
        ASSERT_EQ(found.size(), 1u) << field;
        EXPECT_EQ(found[0].json_pointer, "/edus/0/content");
        EXPECT_THAT(found[0].message, HasSubstr(std::string("'") + field + "'"));
    }
}

TEST(Transaction, DirectToDeviceMessagesAreMapsOfObjects) {
    auto edu = direct_to_device("m1");
    edu["content"]["messages"]["@bob:target"]["DEVICEID"] = 5;
    auto found = check_transaction(transaction({edu}));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/edus/0/content/messages/@bob:target/DEVICEID");
}

TEST(Transaction, AtMost100Edus) {
    json edus = json::array();
    for (int i = 0; i < 100; ++i) edus.push_back(direct_to_device("m" + std::to_string(i)));
    EXPECT_THAT(check_transaction(transaction(edus)), IsEmpty());
    edus.push_back(direct_to_device("m100"));
    auto found = check_transaction(transaction(edus));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/edus");
    EXPECT_THAT(found[0].message, HasSubstr("100"));
}

TEST(Transaction, AtMost50Pdus) {
    json body = transaction(json::array());
    for (int i = 0; i < 51; ++i) body["pdus"].push_back(json::object());
    auto found = check_transaction(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/pdus");
    EXPECT_THAT(found[0].message, HasSubstr("50"));
}

TEST(Transaction, OriginServerTsIsAnInteger) {
    json body = transaction(json::array());
    body["origin_server_ts"] = 1700000000000.5;
    auto found = check_transaction(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/origin_server_ts");
    EXPECT_THAT(found[0].message, HasSubstr("non-integer number"));
}

TEST(Transaction, ResponseReportsPdus) {
    auto route = must_find("PUT", "/_matrix/federation/v1/send/txn1");
    const json ok = {{"pdus", json::object()}}, empty = json::object();
    EXPECT_THAT(v3().check_response(route, 200, &ok), IsEmpty());
    auto found = v3().check_response(route, 200, &empty);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("'pdus'"));
}

json server_keys() {
    return json::parse(R"({"server_name": "mock.example:12345",
        "verify_keys": {"ed25519:a_1": {"key": "VGhpcyBpcyBub3QgYSBrZXk"}},
        "old_verify_keys": {"ed25519:old": {"key": "b2xk", "expired_ts": 1600000000000}},
        "signatures": {"mock.example:12345": {"ed25519:a_1": "c2ln"}},
        "valid_until_ts": 1700000000000})");
}

std::vector<finding> check_keys(const json& body) {
    return v3().check_response(must_find("GET", "/_matrix/key/v2/server"), 200, &body);
}

TEST(ServerKeys, AcceptsASelfSignedKeyResponse) {
    EXPECT_THAT(check_keys(server_keys()), IsEmpty());
}

TEST(ServerKeys, RequiredFields) {
    for (auto field : {"server_name", "verify_keys", "signatures", "valid_until_ts"}) {
        auto body = server_keys();
        body.erase(field);
        auto found = check_keys(body);
        ASSERT_EQ(found.size(), 1u) << field;
        EXPECT_EQ(found[0].json_pointer, "");
    }
    auto body = server_keys();
    body.erase("old_verify_keys");
    EXPECT_THAT(check_keys(body), IsEmpty());
}

TEST(ServerKeys, VerifyKeyNeedsKey) {
    auto body = server_keys();
    body["verify_keys"]["ed25519:a_1"] = json::object();
    auto found = check_keys(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/verify_keys/ed25519:a_1");
}

TEST(ServerKeys, KeyVersionIsLettersDigitsAndUnderscores) {
    auto body = server_keys();
    body["verify_keys"]["ed25519:a-1"] = {{"key", "eA"}};
    auto found = check_keys(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/verify_keys");
    EXPECT_THAT(found[0].message, HasSubstr("ed25519:a-1"));
}

TEST(ServerKeys, OldKeysNeedExpiry) {
    auto body = server_keys();
    body["old_verify_keys"]["ed25519:old"].erase("expired_ts");
    auto found = check_keys(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/old_verify_keys/ed25519:old");
}

TEST(ServerKeys, ValidUntilIsAnInteger) {
    auto body = server_keys();
    body["valid_until_ts"] = "tomorrow";
    auto found = check_keys(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/valid_until_ts");
}

}  // namespace
}  // namespace mxc::spec::testing
