// Loading specs/ and finding operations by request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec_fixture.hpp"

namespace mxc::spec::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(Catalogue, ListsEveryOperationOfSpecsDir) {
    std::vector<std::string> ids;
    for (const auto& op : v3().operations()) ids.push_back(op.id);
    EXPECT_EQ(ids, (std::vector<std::string>{
                       "DELETE /_matrix/client/v3/devices/{deviceId}",
                       "GET /_matrix/client/v3/account/whoami",
                       "GET /_matrix/client/v3/devices",
                       "GET /_matrix/client/v3/sync",
                       "GET /_matrix/client/versions",
                       "GET /_matrix/federation/v1/version",
                       "GET /_matrix/key/v2/server",
                       "POST /_matrix/client/v3/login",
                       "POST /_matrix/client/v3/logout",
                       "POST /_matrix/client/v3/register",
                       "PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}",
                       "PUT /_matrix/federation/v1/send/{txnId}",
                   }));
}

TEST(Catalogue, ExpandsClientMajorVersionInBasePath) {
    const auto r0 = catalogue::load(specs_dir, "r0");
    EXPECT_NE(r0.by_id("PUT /_matrix/client/r0/sendToDevice/{eventType}/{txnId}"), nullptr);
    EXPECT_EQ(r0.by_id("PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}"), nullptr);
    EXPECT_TRUE(r0.find("GET", "/_matrix/client/r0/sync"));
    EXPECT_FALSE(r0.find("GET", "/_matrix/client/v3/sync"));
    EXPECT_FALSE(v3().find("GET", "/_matrix/client/r0/sync"));
    // Unversioned and federation paths do not depend on the choice.
    EXPECT_TRUE(r0.find("GET", "/_matrix/client/versions"));
    EXPECT_TRUE(r0.find("PUT", "/_matrix/federation/v1/send/1"));
}

TEST(Catalogue, RejectsAClientVersionThatIsNotOneSegment) {
    EXPECT_THROW(catalogue::load(specs_dir, ""), spec_error);
    EXPECT_THROW(catalogue::load(specs_dir, "v3/x"), spec_error);
}

TEST(Catalogue, FindsByIdOrOperationId) {
    const auto* op = v3().by_id("sendToDevice");
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op, v3().by_id("PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}"));
    EXPECT_EQ(op->operation_id, "sendToDevice");
    EXPECT_EQ(v3().by_id("noSuchThing"), nullptr);
}

TEST(Find, ExtractsPathParametersDecodedSegmentBySegment) {
    auto r = v3().find("PUT", "/_matrix/client/v3/sendToDevice/m.room_key%2Frequest/a%2Fb%20c");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->op->id, "PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}");
    EXPECT_THAT(r->path_params,
                ElementsAre(Pair("eventType", "m.room_key/request"), Pair("txnId", "a/b c")));
}

TEST(Find, ExtractsQueryParametersInOrder) {
    auto r = v3().find("GET", "/_matrix/client/v3/sync?since=s1_2&timeout=0&filter=%7B%7D");
    ASSERT_TRUE(r);
    EXPECT_THAT(r->query,
                ElementsAre(Pair("since", "s1_2"), Pair("timeout", "0"), Pair("filter", "{}")));
}

TEST(Find, MethodIsCaseInsensitive) {
    EXPECT_TRUE(v3().find("put", "/_matrix/federation/v1/send/txn1"));
}

TEST(Find, ReturnsNothingForUndocumentedRequests) {
    EXPECT_FALSE(v3().find("POST", "/_matrix/client/v3/sync"));                 // method
    EXPECT_FALSE(v3().find("GET", "/_matrix/client/v3/sync/"));                 // trailing slash
    EXPECT_FALSE(v3().find("GET", "/_matrix/client/v3/sync/extra"));            // extra segment
    EXPECT_FALSE(v3().find("PUT", "/_matrix/client/v3/sendToDevice/m.test"));   // missing one
    EXPECT_FALSE(v3().find("PUT", "/_matrix/client/v3/sendToDevice/m.test/"));  // empty one
    EXPECT_FALSE(
        v3().find("GET", "/_matrix/federation/v1/user/devices/%40a%3Ab"));  // not in specs/
}

TEST(Find, TellsADeviceFromTheDeviceList) {
    auto one = v3().find("DELETE", "/_matrix/client/v3/devices/ABCDEF");
    ASSERT_TRUE(one);
    EXPECT_EQ(one->path_params.at("deviceId"), "ABCDEF");
    auto all = v3().find("GET", "/_matrix/client/v3/devices");
    ASSERT_TRUE(all);
    EXPECT_EQ(all->op->id, "GET /_matrix/client/v3/devices");
    EXPECT_FALSE(v3().find("DELETE", "/_matrix/client/v3/devices"));
}

TEST(Find, FindsFederationOperations) {
    EXPECT_TRUE(v3().find("GET", "/_matrix/key/v2/server"));
    EXPECT_TRUE(v3().find("GET", "/_matrix/federation/v1/version"));
    auto send = v3().find("PUT", "/_matrix/federation/v1/send/1700000000000");
    ASSERT_TRUE(send);
    EXPECT_EQ(send->path_params.at("txnId"), "1700000000000");
}

}  // namespace
}  // namespace mxc::spec::testing
