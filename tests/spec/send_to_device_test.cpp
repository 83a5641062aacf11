// PUT /sendToDevice bodies and responses against specs/client-server/send_to_device.yaml.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_fixture.hpp"

namespace mxc::spec::testing {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

std::vector<finding> check_body(const json& body) {
    return v3().check_request(must_find("PUT", "/_matrix/client/v3/sendToDevice/m.test/t1"), &body);
}

TEST(SendToDevice, AcceptsDevicesAndTheWildcard) {
    auto body = json::parse(R"({"messages": {
        "@bob:hs.example": {"DEVICEA": {"seq": 1}, "DEVICEB": {}},
        "@carol:other.example:8448": {"*": {"seq": 2, "nested": {"a": [1, 2]}}}}})");
    EXPECT_THAT(check_body(body), ::testing::IsEmpty());
}

TEST(SendToDevice, AcceptsEmptyMaps) {
    // Spec gap G18: nothing forbids them.
    EXPECT_THAT(check_body(json::parse(R"({"messages": {}})")), ::testing::IsEmpty());
    EXPECT_THAT(check_body(json::parse(R"({"messages": {"@bob:hs": {}}})")), ::testing::IsEmpty());
}

TEST(SendToDevice, MissingMessagesIsAFinding) {
    auto found = check_body(json::parse(R"({"message": {}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].where, "request");
    EXPECT_EQ(found[0].json_pointer, "");
    EXPECT_THAT(found[0].message, HasSubstr("'messages'"));
}

TEST(SendToDevice, MessagesAsAListIsAFinding) {
    auto found = check_body(json::parse(R"({"messages": [{"@bob:hs": {"D": {}}}]})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/messages");
    EXPECT_THAT(found[0].message, HasSubstr("got array"));
}

TEST(SendToDevice, AKeyThatIsNotAUserIdIsAFinding) {
    auto found = check_body(json::parse(R"({"messages": {"bob:hs": {"D": {}}}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/messages");
    EXPECT_THAT(found[0].message, HasSubstr("'bob:hs'"));
}

TEST(SendToDevice, ADeviceMapThatIsNotAnObjectIsAFinding) {
    auto found = check_body(json::parse(R"({"messages": {"@bob:hs": ["D"]}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/messages/@bob:hs");
}

TEST(SendToDevice, ContentThatIsNotAnObjectIsAFinding) {
    auto found = check_body(json::parse(R"({"messages": {"@bob:hs": {"D1": {}, "D2": "hi"}}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/messages/@bob:hs/D2");
    EXPECT_THAT(found[0].message, HasSubstr("got string"));
}

TEST(SendToDevice, PointersEscapeSlashAndTilde) {
    auto found = check_body(json::parse(R"({"messages": {"@a/b~c:hs": {"D/1": 7}}})"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/messages/@a~1b~0c:hs/D~11");
}

TEST(SendToDevice, ABodyIsRequired) {
    auto found =
        v3().check_request(must_find("PUT", "/_matrix/client/v3/sendToDevice/m.test/t1"), nullptr);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].message, "the request has no JSON body");
}

TEST(SendToDevice, ResponseIsAnObject) {
    auto route = must_find("PUT", "/_matrix/client/v3/sendToDevice/m.test/t1");
    const json ok = json::object(), list = json::array();
    EXPECT_THAT(v3().check_response(route, 200, &ok), ::testing::IsEmpty());
    auto found = v3().check_response(route, 200, &list);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].where, "response");
    EXPECT_EQ(found[0].json_pointer, "");
}

}  // namespace
}  // namespace mxc::spec::testing
