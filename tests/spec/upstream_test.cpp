// --specs with a checkout of the upstream Matrix spec (issue #11, "Upstream definitions"), on
// the two fixture trees under fixtures/: upstream-r0 (Swagger 2.0, api/) and upstream-v1.8
// (OpenAPI 3.1, data/api/ and data/event-schemas/).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "spec/upstream.hpp"
#include "spec_fixture.hpp"

namespace mxc::spec::testing {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using json = nlohmann::json;

const std::filesystem::path fixtures =
    std::filesystem::path(MXC_SOURCE_DIR) / "tests/spec/fixtures";

const std::string send_to_device = "PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}";
const std::string sync = "GET /_matrix/client/v3/sync";
const std::string transaction = "PUT /_matrix/federation/v1/send/{txnId}";

json edu(std::string message_id) {
    return {{"edu_type", "m.direct_to_device"},
            {"content",
             {{"sender", "@alice:remote"},
              {"type", "m.test"},
              {"message_id", std::move(message_id)},
              {"messages", {{"@bob:target", {{"DEV", {{"n", 1}}}}}}}}}};
}

json txn(json edus) {
    return {{"origin", "remote"},
            {"origin_server_ts", 1700000000000},
            {"pdus", json::array()},
            {"edus", std::move(edus)}};
}

// Each test runs on both layouts; the tree name is the parameter.
class Upstream : public ::testing::TestWithParam<std::string> {
  protected:
    static const sourced_catalogue& loaded(const std::string& tree) {
        static std::map<std::string, sourced_catalogue> cache;
        auto it = cache.find(tree);
        if (it == cache.end())
            it = cache.emplace(tree, load_catalogue(fixtures / tree, "v3", specs_dir)).first;
        return it->second;
    }
    const sourced_catalogue& s() const { return loaded(GetParam()); }

    std::vector<finding> request(const std::string& method, const std::string& target,
                                 const json& body) const {
        auto r = s().cat.find(method, target);
        if (!r) throw std::runtime_error("nothing documents " + target);
        return s().cat.check_request(*r, &body);
    }
    std::vector<finding> response(const std::string& method, const std::string& target,
                                  unsigned status, const json& body) const {
        auto r = s().cat.find(method, target);
        if (!r) throw std::runtime_error("nothing documents " + target);
        return s().cat.check_response(*r, status, &body);
    }
};

TEST_P(Upstream, TheLayoutIsDetectedAndTheOperationsComeFromTheTree) {
    const auto& tree = s().tree;
    EXPECT_EQ(tree.layout,
              GetParam() == "upstream-r0" ? spec_layout::upstream_r0 : spec_layout::upstream_v1);
    for (const auto& id : {send_to_device, sync, transaction}) {
        const auto* op = s().cat.by_id(id);
        ASSERT_NE(op, nullptr) << id;
        EXPECT_THAT(op->source.string(), StartsWith((fixtures / GetParam()).string())) << id;
    }
    EXPECT_THAT(s().cat.notes(), IsEmpty());
}

TEST_P(Upstream, AValidExchangePasses) {
    const json send = {
        {"messages", {{"@bob:hs", {{"DEV", {{"body", "hi"}}}, {"*", json::object()}}}}}};
    EXPECT_THAT(request("PUT", "/_matrix/client/v3/sendToDevice/m.test/t1", send), IsEmpty());
    EXPECT_THAT(response("PUT", "/_matrix/client/v3/sendToDevice/m.test/t1", 200, json::object()),
                IsEmpty());
    const json synced = {
        {"next_batch", "s1"},
        {"to_device",
         {{"events", {{{"sender", "@alice:hs"}, {"type", "m.test"}, {"content", {{"n", 1}}}}}}}}};
    EXPECT_THAT(response("GET", "/_matrix/client/v3/sync?timeout=0", 200, synced), IsEmpty());
    EXPECT_THAT(request("PUT", "/_matrix/federation/v1/send/t1", txn({edu("m1")})), IsEmpty());
    // Another EDU type needs only the common shape.
    const json typing = {{"edu_type", "m.typing"}, {"content", {{"typing", true}}}};
    EXPECT_THAT(request("PUT", "/_matrix/federation/v1/send/t1", txn({typing})), IsEmpty());
}

TEST_P(Upstream, UpstreamSchemasCatchAnInvalidBodyAtItsPointer) {
    const json send = {{"messages", {{"@bob:hs", {{"DEV", "not an object"}}}}}};
    auto found = request("PUT", "/_matrix/client/v3/sendToDevice/m.test/t1", send);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0].json_pointer, "/messages/@bob:hs/DEV");

    found = request("PUT", "/_matrix/federation/v1/send/t1", txn({edu(std::string(33, 'x'))}));
    ASSERT_EQ(found.size(), 1u) << ::testing::PrintToString(found);
    EXPECT_EQ(found[0].json_pointer, "/edus/0/content/message_id");

    json no_ts = txn(json::array());
    no_ts.erase("origin_server_ts");
    found = request("PUT", "/_matrix/federation/v1/send/t1", no_ts);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, HasSubstr("origin_server_ts"));
}

TEST_P(Upstream, OurSpecsFillInTheToDeviceEventsUpstreamDescribesInProse) {
    const json synced = {{"next_batch", "s1"},
                         {"to_device", {{"events", {{{"type", "m.test"}, {"content", 1}}}}}}};
    auto found = response("GET", "/_matrix/client/v3/sync", 200, synced);
    ASSERT_EQ(found.size(), 2u) << ::testing::PrintToString(found);
    EXPECT_EQ(found[0].json_pointer, "/to_device/events/0");
    EXPECT_THAT(found[0].message, HasSubstr("sender"));
    EXPECT_EQ(found[1].json_pointer, "/to_device/events/0/content");
}

TEST_P(Upstream, TheFillInIsListedPerOperation) {
    const auto& filled = s().filled_in;
    // Whole operations upstream (here) lacks, the error statuses it does not list, and the
    // to-device events of /sync.
    EXPECT_THAT(filled, Contains("GET /_matrix/client/versions"));
    EXPECT_THAT(filled, Contains("GET /_matrix/client/v3/sync (statuses 400, 401, 403, 404, 405, "
                                 "429; response 200 /to_device)"));
    EXPECT_THAT(filled, Contains(send_to_device + " (statuses 400, 401, 403, 404, 405, 413, 429)"));
    for (const auto& f : filled) EXPECT_THAT(f, ::testing::Not(HasSubstr("EDU"))) << f;
}

INSTANTIATE_TEST_SUITE_P(Layouts, Upstream, ::testing::Values("upstream-r0", "upstream-v1.8"),
                         [](const auto& info) {
                             return info.param == "upstream-r0" ? std::string("r0")
                                                                : std::string("v1_8");
                         });

TEST(UpstreamR0, ServesBothR0AndV3Paths) {
    // %CLIENT_MAJOR_VERSION% is replaced by the version asked for.
    const auto r0 = load_catalogue(fixtures / "upstream-r0", "r0", specs_dir);
    EXPECT_NE(r0.cat.by_id("PUT /_matrix/client/r0/sendToDevice/{eventType}/{txnId}"), nullptr);
    EXPECT_EQ(r0.cat.by_id(send_to_device), nullptr);
}

class UpstreamTree : public scratch_dir {
  protected:
    // A copy of a fixture tree to break.
    std::filesystem::path copy(const std::string& tree) {
        const auto to = dir_ / tree;
        std::filesystem::copy(fixtures / tree, to, std::filesystem::copy_options::recursive);
        return to;
    }
    std::string error_of(const std::filesystem::path& dir) {
        try {
            load_catalogue(dir, "v3", specs_dir);
        } catch (const spec_error& e) {
            return e.what();
        }
        return "";
    }
};

TEST_F(UpstreamTree, AMissingEduSchemaIsFilledInFromOursAndSaidSo) {
    const auto tree = copy("upstream-v1.8");
    std::filesystem::remove(tree / "data/event-schemas/schema/m.direct_to_device.yaml");
    const auto s = load_catalogue(tree, "v3", specs_dir);
    EXPECT_THAT(s.filled_in, Contains(AllOf(StartsWith(transaction + " ("),
                                            HasSubstr("; the m.direct_to_device EDU"))));
    auto r = s.cat.find("PUT", "/_matrix/federation/v1/send/t1");
    ASSERT_TRUE(r);
    const auto body = txn({edu(std::string(33, 'x'))});
    auto found = s.cat.check_request(*r, &body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "/edus/0/content/message_id");
}

TEST_F(UpstreamTree, ADirectoryThatIsNeitherLayoutSaysWhatWasLookedFor) {
    write("notes/readme.yaml", "just: notes\n");
    const auto error = error_of(dir_);
    EXPECT_THAT(error, StartsWith(std::filesystem::absolute(dir_).lexically_normal().string() +
                                  ": not a spec directory: looked for data/api/client-server/"));
    EXPECT_THAT(error, HasSubstr("api/client-server/ (upstream, r0 era)"));
    EXPECT_EQ(error.find('\n'), std::string::npos);
}

TEST_F(UpstreamTree, AMissingDirectoryIsNamed) {
    EXPECT_EQ(error_of(dir_ / "nowhere"), (dir_ / "nowhere").string() + ": not a directory");
}

TEST_F(UpstreamTree, AnUpstreamErrorNamesTheFileAndLine) {
    const auto tree = copy("upstream-v1.8");
    const auto file = tree / "data/api/client-server/sync.yaml";
    std::ofstream(file, std::ios::app) << "  bad: [\n";
    EXPECT_THAT(error_of(tree), StartsWith(file.string() + ":"));
}

TEST_F(UpstreamTree, OurOwnLayoutFillsNothingIn) {
    const auto s = load_catalogue(specs_dir, "v3", specs_dir);
    EXPECT_EQ(s.tree.layout, spec_layout::ours);
    EXPECT_THAT(s.filled_in, IsEmpty());
}

}  // namespace
}  // namespace mxc::spec::testing
