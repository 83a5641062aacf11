// Responses by status code: documented errors, undocumented statuses, the 401 of
// user-interactive auth.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_fixture.hpp"

namespace mxc::spec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using json = nlohmann::json;

const route& send_to_device() {
    static const route r = must_find("PUT", "/_matrix/client/v3/sendToDevice/m.test/t1");
    return r;
}

TEST(Status, AnUndocumentedStatusIsAFinding) {
    const json body = {{"errcode", "M_UNKNOWN"}, {"error", "boom"}};
    for (unsigned status : {500u, 204u, 302u, 201u}) {
        auto found = v3().check_response(send_to_device(), status, &body);
        ASSERT_EQ(found.size(), 1u) << status;
        EXPECT_EQ(found[0].where, "response");
        EXPECT_EQ(found[0].json_pointer, "");
        EXPECT_THAT(found[0].message,
                    HasSubstr("status " + std::to_string(status) + " is not documented"));
        EXPECT_THAT(found[0].message, HasSubstr("documented: 200, 400"));
    }
}

TEST(Status, DocumentedErrorsCarryAnErrcode) {
    const json ok = {{"errcode", "M_LIMIT_EXCEEDED"}, {"retry_after_ms", 200}};
    EXPECT_THAT(v3().check_response(send_to_device(), 429, &ok), IsEmpty());
    const json no_errcode = {{"error", "bad"}};
    auto found = v3().check_response(send_to_device(), 400, &no_errcode);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("'errcode'"));
    const json bad_retry = {{"errcode", "M_LIMIT_EXCEEDED"}, {"retry_after_ms", "soon"}};
    found = v3().check_response(send_to_device(), 429, &bad_retry);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/retry_after_ms");
}

TEST(Status, ABodyIsExpectedWhereASchemaIs) {
    auto found = v3().check_response(send_to_device(), 200, nullptr);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].message, "the response has no JSON body");
}

TEST(Status, VersionsHasNoUnauthorisedAnswer) {
    auto route = must_find("GET", "/_matrix/client/versions");
    const json body = {{"versions", {"r0.6.1", "v1.11"}}, {"unstable_features", {{"org.x", true}}}};
    EXPECT_THAT(v3().check_response(route, 200, &body), IsEmpty());
    EXPECT_EQ(v3().check_response(route, 401, &body).size(), 1u);
    json bad = body;
    bad["unstable_features"]["org.x"] = "yes";
    auto found = v3().check_response(route, 200, &bad);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/unstable_features/org.x");
}

TEST(Status, RegisterAnswers401WithTheAuthFlows) {
    auto route = must_find("POST", "/_matrix/client/v3/register?kind=user");
    const json uia = json::parse(R"({"flows": [{"stages": ["m.login.dummy"]}], "params": {},
                                     "session": "xyz"})");
    EXPECT_THAT(v3().check_response(route, 401, &uia), IsEmpty());

    const json error_only = {{"errcode", "M_FORBIDDEN"}};
    auto found = v3().check_response(route, 401, &error_only);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("'flows'"));

    const json no_stages = json::parse(R"({"flows": [{"type": "m.login.dummy"}]})");
    found = v3().check_response(route, 401, &no_stages);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/flows/0");
}

TEST(Status, RegisterKindIsGuestOrUser) {
    const json body = {{"username", "alice"}, {"auth", {{"type", "m.login.dummy"}}}};
    EXPECT_THAT(
        v3().check_request(must_find("POST", "/_matrix/client/v3/register?kind=guest"), &body),
        IsEmpty());
    EXPECT_EQ(v3().check_request(must_find("POST", "/_matrix/client/v3/register?kind=admin"), &body)
                  .size(),
              1u);
}

TEST(Status, LoginReturnsTheDevice) {
    auto route = must_find("POST", "/_matrix/client/v3/login");
    const json ok = {{"user_id", "@a:hs"}, {"access_token", "t"}, {"device_id", "D"}};
    EXPECT_THAT(v3().check_response(route, 200, &ok), IsEmpty());
    json no_device = ok;
    no_device.erase("device_id");
    auto found = v3().check_response(route, 200, &no_device);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("'device_id'"));
}

}  // namespace
}  // namespace mxc::spec::testing
