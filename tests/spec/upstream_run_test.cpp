// `mxconform run --specs <fixture tree>` against the embedded server, end to end: the
// upstream definitions load, a clean run passes, the run report names the source and what our
// specs/ filled in, and the fill-in still catches a broken server (upstream_test.cpp checks
// the upstream schemas themselves, EDUs included).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::test {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

const std::filesystem::path fixtures =
    std::filesystem::path(MXC_SOURCE_DIR) / "tests/spec/fixtures";

struct outcome {
    int exit_code = -1;
    std::string output;
    json index;
};

// Under the 120 s that tests/CMakeLists.txt gives each test.
outcome run_with_specs(const std::string& tree, std::vector<std::string> extra) {
    temp_dir dir;
    std::vector<std::string> args{"run",          "--no-color",
                                  "--specs",      (fixtures / tree).string(),
                                  "--report-dir", (dir.path() / "report").string(),
                                  "--ca-dir",     (dir.path() / "ca").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto p = run_cli(args, std::chrono::seconds(100));
    outcome out{p.exit_code, p.output, nullptr};
    if (std::filesystem::exists(dir.path() / "report/index.json"))
        out.index = read_json(dir.path() / "report/index.json");
    return out;
}

class UpstreamRun : public ::testing::TestWithParam<std::string> {};

TEST_P(UpstreamRun, ACleanRunPassesAndTheReportNamesTheSource) {
    auto r = run_with_specs(GetParam(), {"--cases", "to_device.send.one_device", "--cases",
                                         "to_device.federation.in.delivered", "--cases",
                                         "to_device.federation.out.edu_delivered"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ASSERT_TRUE(r.index.is_object()) << r.output;
    EXPECT_EQ(r.index["summary"]["pass"], 3) << r.index["summary"].dump();
    const std::string source = r.index["run"]["facts"].value("spec_source", "");
    EXPECT_THAT(source, HasSubstr((fixtures / GetParam()).string()));
    EXPECT_THAT(source, HasSubstr(GetParam() == "upstream-r0" ? "upstream r0 layout"
                                                              : "upstream v1.x layout"));
    EXPECT_THAT(source, HasSubstr("; our specs/ fill in for: "));
    EXPECT_THAT(source, HasSubstr("GET /_matrix/client/v3/sync (statuses 400, 401, 403, 404, "
                                  "405, 429; response 200 /to_device)"));
    // Announced: it changes what a schema finding means.
    EXPECT_THAT(r.output, HasSubstr("Spec definitions: upstream"));
}

TEST_P(UpstreamRun, OurFillInCatchesAnEventWithoutSender) {
    auto r = run_with_specs(GetParam(), {"--cases", "to_device.send.one_device", "--ref-fault",
                                         "event-missing-sender"});
    ASSERT_EQ(r.exit_code, 1) << r.output;
    const auto& checks = r.index["cases"][0]["checks"];
    ASSERT_TRUE(checks.is_array()) << r.output;
    EXPECT_EQ(checks[0]["what"], "GET /_matrix/client/v3/sync answered as the API definitions say");
    EXPECT_THAT(checks[0]["actual"].get<std::string>(), HasSubstr("'sender'"));
}

INSTANTIATE_TEST_SUITE_P(Layouts, UpstreamRun, ::testing::Values("upstream-r0", "upstream-v1.8"),
                         [](const auto& info) {
                             return info.param == "upstream-r0" ? std::string("r0")
                                                                : std::string("v1_8");
                         });

}  // namespace
}  // namespace mxc::test
