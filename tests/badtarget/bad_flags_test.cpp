// Issue 3, "Bad input": a bad flag, a bad profile or a broken suite is exit 2 with one line
// naming the flag or file:line:column, before any request is sent.
#include <gtest/gtest.h>

#include <regex>

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::badtarget {
namespace {

using test::lines_of;
using test::run_cli;
using test::temp_dir;

using namespace std::chrono_literals;

struct usage_case {
    std::vector<std::string> args;
    std::string names;  // what the error line must contain
};

// The lines that say what is wrong (CLI11 adds a "Run with --help" hint after its own).
std::vector<std::string> complaint(const std::string& output) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(output))
        if (!line.starts_with("Run with --help")) out.push_back(line);
    return out;
}

TEST(BadFlags, EachIsExitTwoWithOneLineNamingTheFlag) {
    const std::vector<usage_case> cases = {
        {{"run", "--jobs", "0"}, "--jobs must be 1..64, not 0"},
        {{"run", "--jobs", "65"}, "--jobs must be 1..64"},
        {{"run", "--prefix", "r9"}, "--prefix must be auto, r0 or v3, not 'r9'"},
        {{"run", "--register", "bogus"}, "--register"},
        {{"run", "--register", "shared-secret:"},
         "--register: expected shared-secret:SECRET, open or tokens:FILE"},
        {{"run", "--timeout-scale", "0"}, "--timeout-scale"},
        {{"run", "--target", "ftp://x"}, "--target"},
        {{"run", "--target", "http://127.0.0.1:1", "--register", "open", "--ref-fault", "no-wake"},
         "--ref-fault"},
        {{"run", "--bogus"}, "--bogus"},
        {{"run", "--jobs", "four"}, "--jobs: 'four' is not a whole number"},
        {{"serve", "--listen", "8008"}, "--listen: expected HOST:PORT, got '8008'"},
        {{"serve", "--fault", "no-such-fault"}, "--fault: unknown fault 'no-such-fault'"},
        {{"serve", "--tls-cert", "c.pem"}, "need --federation-listen"},
        {{"run", "--cases", "nothing.matches.*"}, "no case matches"},
        {{"list", "--bogus"}, "--bogus"},
        // CLI11's own words; it does not repeat the unknown subcommand.
        {{"frobnicate"}, "A subcommand is required"},
    };
    for (const auto& c : cases) {
        std::string cmd;
        for (const auto& a : c.args) cmd += " " + a;
        const auto r = run_cli(c.args, 60s);
        ASSERT_FALSE(r.timed_out) << cmd;
        EXPECT_EQ(r.exit_code, 2) << cmd << "\n" << r.output;
        const auto lines = complaint(r.output);
        EXPECT_EQ(lines.size(), 1u) << cmd << "\n" << r.output;
        if (!lines.empty()) {
            EXPECT_NE(lines[0].find(c.names), std::string::npos) << cmd << "\n" << r.output;
        }
    }
}

// An unknown fault of the embedded server is found when it starts: a setup error, so the
// reports are written and say why.
TEST(BadFlags, UnknownRefFaultIsAUsageErrorBeforeAnythingStarts) {
    temp_dir dir;
    const auto reports = dir.path() / "report";
    const auto r = run_cli(
        {"run", "--no-color", "--ref-fault", "no-such-fault", "--report-dir", reports.string()},
        60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    std::vector<std::string> errors;
    for (const auto& line : lines_of(r.output))
        if (line.starts_with("mxconform: ")) errors.push_back(line);
    EXPECT_EQ(errors,
              std::vector<std::string>{"mxconform: --ref-fault: unknown fault 'no-such-fault' "
                                       "(see mxconform serve --help)"})
        << r.output;
    // Checked with the other flags, so no server was started and no run was reported.
    EXPECT_FALSE(std::filesystem::exists(reports / "index.json")) << r.output;
}

TEST(BadFlags, ProfileWithUnknownKeyNamesFileLineColumn) {
    temp_dir dir;
    const auto profile = dir.write("profile.yaml", "jobs: 2\nthreads: 4\n");
    const auto r = run_cli({"run", "--config", profile.string()}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    const auto lines = lines_of(r.output);
    ASSERT_EQ(lines.size(), 1u) << r.output;
    EXPECT_EQ(lines[0], "mxconform: " + profile.string() +
                            ":2:1: unknown setting 'threads' (see mxconform run --help)");
}

TEST(BadFlags, ProfileValuesAreValidatedLikeFlagsNamingFileLineColumn) {
    temp_dir dir;
    const auto profile = dir.write("profile.yaml", "jobs: 0\n");
    const auto r = run_cli({"run", "--config", profile.string()}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(lines_of(r.output), std::vector<std::string>{"mxconform: " + profile.string() +
                                                           ":1:7: jobs must be 1..64, not 0"});
}

// Issue 8: the federation settings of a profile were parsed and then dropped by the merge.
TEST(BadFlags, PrintConfigShowsEveryProfileKeyAndFlagsOverrideThem) {
    temp_dir dir;
    const auto ca = dir.write("target-ca.pem", "PEM");
    const auto profile = dir.write("profile.yaml",
                                   "target: https://hs.example.org\n"
                                   "federation: \"off\"\n"
                                   "federation-url: https://127.0.0.1:8448\n"
                                   "target-ca: " +
                                       ca.string() +
                                       "\n"
                                       "insecure-federation: true\n"
                                       "ca-dir: my-ca\n"
                                       "ref-fault: [reorder, no-wake]\n"
                                       "strict: true\n");
    auto r = run_cli({"run", "--config", profile.string(), "--print-config"}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const auto& line : {"target: https://hs.example.org", "federation: off",
                             "federation-url: https://127.0.0.1:8448", "insecure-federation: true",
                             "ca-dir: my-ca", "ref-fault: [reorder, no-wake]", "strict: true"})
        EXPECT_NE(("\n" + r.output).find(std::string("\n") + line + "\n"), std::string::npos)
            << line << "\n"
            << r.output;
    EXPECT_NE(r.output.find("target-ca: " + ca.string()), std::string::npos) << r.output;

    r = run_cli({"run", "--config", profile.string(), "--federation", "on", "--ca-dir", "other",
                 "--ref-fault", "ignore-txn", "--strict=false", "--print-config"},
                60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const auto& line : {"federation: on", "ca-dir: other", "ref-fault: [ignore-txn]",
                             "strict: false", "federation-url: https://127.0.0.1:8448"})
        EXPECT_NE(("\n" + r.output).find(std::string("\n") + line + "\n"), std::string::npos)
            << line << "\n"
            << r.output;
}

TEST(BadFlags, PrintConfigShowsTheProfileWithTheSecretRedacted) {
    temp_dir dir;
    const auto profile = dir.write("profile.yaml", "register: shared-secret:hunter2\njobs: 3\n");
    const auto r =
        run_cli({"run", "--config", profile.string(), "--jobs", "2", "--print-config"}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.find("hunter2"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("register: shared-secret:<redacted>"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("jobs: 2"), std::string::npos) << "the flag overrides the profile\n"
                                                           << r.output;
}

TEST(BadFlags, BrokenSuiteNamesFileLineColumn) {
    temp_dir dir;
    const auto file = dir.write("suites/broken.yaml", R"(suite: t.broken
spec: {doc: client-server, section: S}
cases:
  - id: t.broken.one
    title: T
    level: must
    requirement: R
    steps:
      - sync: {as: bob, sine: x}
)");
    for (const auto& sub : {"run", "list"}) {
        const auto r = run_cli({sub, "--suites", (dir.path() / "suites").string()}, 60s);
        ASSERT_FALSE(r.timed_out);
        EXPECT_EQ(r.exit_code, 2) << sub << "\n" << r.output;
        const auto lines = lines_of(r.output);
        ASSERT_EQ(lines.size(), 1u) << sub << "\n" << r.output;
        EXPECT_TRUE(lines[0].starts_with("mxconform: " + file.string() +
                                         ":9:25: step 'sync' has no key 'sine'"))
            << lines[0];
    }
}

TEST(BadFlags, SuiteYamlSyntaxErrorNamesFileLineColumn) {
    temp_dir dir;
    const auto file =
        dir.write("suites/broken.yaml", "suite: t.broken\ncases:\n  - id: [unclosed\n");
    const auto r = run_cli({"run", "--suites", (dir.path() / "suites").string()}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    const auto lines = lines_of(r.output);
    ASSERT_EQ(lines.size(), 1u) << r.output;
    const std::regex shape(
        "^mxconform: " +
        std::regex_replace(file.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
        R"(:[1-9][0-9]*:[1-9][0-9]*: .+)");
    EXPECT_TRUE(std::regex_match(lines[0], shape)) << lines[0];
}

// A suites directory with one case that needs nothing of the server.
std::string tiny_suites(const temp_dir& dir) {
    dir.write("suites/t.yaml", R"(suite: t.tiny
spec: {doc: client-server, section: S}
cases:
  - id: t.tiny.note
    title: A note
    level: observed
    question: "What does the server do here?"
    requirement: R
    steps:
      - request: {path: /_matrix/client/versions, observe: status}
)");
    return (dir.path() / "suites").string();
}

// Issue 10: an id no case has (a renamed case, a typo) is a warning naming file:line, and the
// run goes on.
TEST(BadFlags, ExpectationsNamingAnUnknownCaseIsAWarning) {
    temp_dir dir;
    const auto file =
        dir.write("exp.yaml", "to_device.no.such_case:\n  expect: skip\n  reason: r\n");
    const auto r = run_cli({"run", "--suites", tiny_suites(dir), "--expectations", file.string(),
                            "--report-dir", (dir.path() / "r").string()},
                           60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(lines_of(r.output)[0], "mxconform: " + file.string() +
                                         ":1: warning: no case has the id 'to_device.no.such_case'")
        << r.output;
}

TEST(BadFlags, AMalformedBaselineIsOneLineBeforeAnyCase) {
    temp_dir dir;
    const auto file = dir.write("base.jsonl", "{\"id\": \"t.tiny.note\"}\n");
    const auto r = run_cli({"run", "--suites", tiny_suites(dir), "--baseline", file.string()}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(lines_of(r.output), std::vector<std::string>{"mxconform: " + file.string() +
                                                           ":1: no \"verdict\" member"});
}

}  // namespace
}  // namespace mxc::badtarget
