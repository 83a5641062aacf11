// GET /sync responses and query parameters against specs/client-server/sync.yaml.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_fixture.hpp"

namespace mxc::spec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using json = nlohmann::json;

std::vector<finding> check_sync(const json& body) {
    return v3().check_response(must_find("GET", "/_matrix/client/v3/sync"), 200, &body);
}

std::vector<finding> check_query(std::string_view query) {
    auto target = "/_matrix/client/v3/sync?" + std::string(query);
    return v3().check_request(must_find("GET", target), nullptr);
}

TEST(SyncResponse, AcceptsToDeviceEvents) {
    EXPECT_THAT(check_sync(json::parse(R"({"next_batch": "s72_4", "rooms": {},
        "to_device": {"events": [
            {"sender": "@alice:hs", "type": "m.new_device", "content": {"device_id": "XYZ"}},
            {"sender": "@bob:other", "type": "org.example", "content": {}, "extra": 1}]}})")),
                IsEmpty());
}

TEST(SyncResponse, ToDeviceIsOptionalAndMayBeEmpty) {
    EXPECT_THAT(check_sync(json::parse(R"({"next_batch": "s1"})")), IsEmpty());
    EXPECT_THAT(check_sync(json::parse(R"({"next_batch": "s1", "to_device": {}})")), IsEmpty());
    EXPECT_THAT(check_sync(json::parse(R"({"next_batch": "s1", "to_device": {"events": []}})")),
                IsEmpty());
}

TEST(SyncResponse, EventWithoutSenderIsAFindingAtTheEvent) {
    auto found = check_sync(json::parse(R"({"next_batch": "s1", "to_device": {"events": [
        {"type": "m.test", "content": {}}]}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].where, "response");
    EXPECT_EQ(found[0].json_pointer, "/to_device/events/0");
    EXPECT_THAT(found[0].message, HasSubstr("'sender'"));
}

TEST(SyncResponse, ContentThatIsAStringIsAFindingAtTheContent) {
    auto found = check_sync(json::parse(R"({"next_batch": "s1", "to_device": {"events": [
        {"sender": "@a:hs", "type": "m.test", "content": "hello"}]}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/to_device/events/0/content");
    EXPECT_THAT(found[0].message, HasSubstr("got string"));
}

TEST(SyncResponse, PointsAtTheEventThatIsWrong) {
    auto found = check_sync(json::parse(R"({"next_batch": "s1", "to_device": {"events": [
        {"sender": "@a:hs", "type": "m.test", "content": {}},
        {"sender": "@a:hs", "type": 7, "content": {}}]}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/to_device/events/1/type");
    EXPECT_THAT(found[0].message, HasSubstr("got integer"));
}

TEST(SyncResponse, ReportsEveryViolation) {
    auto found = check_sync(json::parse(R"({"next_batch": "s1", "to_device": {"events": [
        {"type": "m.test", "content": []}]}})"));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].json_pointer, "/to_device/events/0");
    EXPECT_THAT(found[0].message, HasSubstr("'sender'"));
    EXPECT_EQ(found[1].json_pointer, "/to_device/events/0/content");
}

TEST(SyncResponse, NextBatchIsARequiredString) {
    auto missing = check_sync(json::parse(R"({"to_device": {"events": []}})"));
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].json_pointer, "");
    EXPECT_THAT(missing[0].message, HasSubstr("'next_batch'"));
    auto number = check_sync(json::parse(R"({"next_batch": 12})"));
    ASSERT_EQ(number.size(), 1u);
    EXPECT_EQ(number[0].json_pointer, "/next_batch");
}

TEST(SyncResponse, ToDeviceAsAListIsAFinding) {
    auto found = check_sync(json::parse(R"({"next_batch": "s1", "to_device": []})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/to_device");
}

TEST(SyncQuery, AcceptsWellTypedParameters) {
    EXPECT_THAT(check_query("since=s1_2&timeout=30000&full_state=false&set_presence=offline"),
                IsEmpty());
    EXPECT_THAT(check_query("filter=%7B%22room%22%3A%7B%7D%7D&full_state=true"), IsEmpty());
}

TEST(SyncQuery, IgnoresParametersItDoesNotDocument) {
    EXPECT_THAT(check_query("org.example.flag=1"), IsEmpty());
}

TEST(SyncQuery, TimeoutMustBeAnInteger) {
    for (auto bad : {"timeout=abc", "timeout=1.5", "timeout=", "timeout=10s"}) {
        auto found = check_query(bad);
        ASSERT_EQ(found.size(), 1u) << bad;
        EXPECT_EQ(found[0].where, "request");
        EXPECT_THAT(found[0].message, HasSubstr("query parameter 'timeout'"));
        EXPECT_THAT(found[0].message, HasSubstr("integer"));
    }
}

TEST(SyncQuery, FullStateMustBeTrueOrFalse) {
    auto found = check_query("full_state=yes");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("'full_state'"));
}

TEST(SyncQuery, SetPresenceMustBeOneOfTheEnum) {
    auto found = check_query("set_presence=away");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("'set_presence': 'away'"));
    EXPECT_THAT(check_query("set_presence=unavailable"), IsEmpty());
}

TEST(SyncQuery, ARepeatedParameterIsAFinding) {
    auto found = check_query("since=a&since=b");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("given 2 times"));
}

}  // namespace
}  // namespace mxc::spec::testing
