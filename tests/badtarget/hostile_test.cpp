// Issue 3, "Bad input": a target answering HTML, garbage, huge bodies or nothing. Setup
// trouble is exit 2 with one line; trouble once cases run ends those cases as error or fail
// with their transcripts, within their deadlines; never a crash or a hang.
#include <gtest/gtest.h>

#include <fstream>

#include "badtarget/answers.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mxc::badtarget {
namespace {

using test::lines_of;
using test::process_result;
using test::read_json;
using test::run_cli;
using test::scripted_server;
using test::temp_dir;

using namespace std::chrono_literals;
using json = nlohmann::json;

struct run_against {
    temp_dir dir;
    process_result proc;
    json index;
    std::filesystem::path reports() const { return dir.path() / "report"; }
};

// `mxconform run` against the fake, with short deadlines so hostile answers cost little.
void run(run_against& out, const scripted_server& fake, std::vector<std::string> extra) {
    std::vector<std::string> args{"run",
                                  "--no-color",
                                  "--target",
                                  fake.url(),
                                  "--register",
                                  "open",
                                  "--request-timeout-ms",
                                  "500",
                                  "--connect-timeout-ms",
                                  "500",
                                  "--timeout-scale",
                                  "0.2",
                                  "--report-dir",
                                  out.reports().string(),
                                  "--ca-dir",
                                  (out.dir.path() / "ca").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    out.proc = run_cli(args, 90s);
    out.index = read_json(out.reports() / "index.json");
}

void expect_reports_written(const run_against& r) {
    ASSERT_TRUE(r.index.is_object()) << "no index.json\n" << r.proc.output;
    for (const char* f : {"junit.xml", "index.html", "summary.md"})
        EXPECT_TRUE(std::filesystem::is_regular_file(r.reports() / f)) << f;
}

// Every case that ran is error or fail, and its transcript shows the exchanges it made.
void expect_cases_ended_badly_with_transcripts(const run_against& r) {
    ASSERT_TRUE(r.index.is_object()) << r.proc.output;
    const auto& cases = r.index.at("cases");
    ASSERT_FALSE(cases.empty()) << r.proc.output;
    for (const auto& c : cases) {
        const auto id = c.at("id").get<std::string>();
        const auto v = c.at("verdict").get<std::string>();
        EXPECT_TRUE(v == "error" || v == "fail") << id << ": " << v;
        const auto actual = c.at("actual").get<std::string>();
        EXPECT_FALSE(actual.empty()) << id;
        // A hostile answer is named as such, never as a harness bug.
        EXPECT_FALSE(actual.starts_with("unexpected error")) << id << ": " << actual;
        const auto t = read_json(r.reports() / c.at("transcript").get<std::string>());
        ASSERT_TRUE(t.is_object()) << id << ": no transcript";
        std::size_t exchanges = 0;
        for (const auto& e : t.at("entries"))
            if (e.at("kind") == "exchange") ++exchanges;
        EXPECT_GE(exchanges, 1u) << id << ": " << t.dump().substr(0, 500);
    }
}

std::vector<std::string> error_lines(const std::string& output) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(output))
        if (line.starts_with("mxconform: ")) out.push_back(line);
    return out;
}

TEST(Hostile, HtmlEverywhereIsNotAHomeserver) {
    scripted_server fake([](const net::request&) { return html_page(); });
    run_against r;
    run(r, fake, {});
    ASSERT_FALSE(r.proc.timed_out) << r.proc.output;
    EXPECT_EQ(r.proc.exit_code, 2) << r.proc.output;
    const auto errors = error_lines(r.proc.output);
    ASSERT_EQ(errors.size(), 1u) << r.proc.output;
    EXPECT_NE(errors[0].find(fake.url() + " does not look like a Matrix homeserver"),
              std::string::npos)
        << errors[0];
    EXPECT_NE(errors[0].find("HTTP 200"), std::string::npos) << errors[0];
    expect_reports_written(r);
    EXPECT_FALSE(r.index.at("run").at("setup_error").get<std::string>().empty());
    EXPECT_EQ(r.index.at("cases"), json::array());
    // Only the probe went out; no case ran against a server that is not one.
    EXPECT_EQ(fake.seen(), std::vector<std::string>{"GET /_matrix/client/versions"});
}

TEST(Hostile, GarbageVersionsIsNotAHomeserver) {
    scripted_server fake([](const net::request&) { return not_json(); });
    run_against r;
    run(r, fake, {});
    ASSERT_FALSE(r.proc.timed_out) << r.proc.output;
    EXPECT_EQ(r.proc.exit_code, 2) << r.proc.output;
    ASSERT_EQ(error_lines(r.proc.output).size(), 1u) << r.proc.output;
    expect_reports_written(r);
}

TEST(Hostile, SilentTargetTimesOutAsSetupError) {
    scripted_server fake([](const net::request&) { return std::nullopt; });
    run_against r;
    run(r, fake, {});
    ASSERT_FALSE(r.proc.timed_out) << r.proc.output;
    EXPECT_EQ(r.proc.exit_code, 2) << r.proc.output;
    const auto errors = error_lines(r.proc.output);
    ASSERT_EQ(errors.size(), 1u) << r.proc.output;
    EXPECT_NE(errors[0].find("cannot reach the target " + fake.url()), std::string::npos)
        << errors[0];
    expect_reports_written(r);
}

TEST(Hostile, RegistrationRefusedWhileProbingIsASetupError) {
    scripted_server fake([](const net::request& req) -> std::optional<net::response> {
        if (req.target() == "/_matrix/client/versions") return versions_ok();
        return html_page();
    });
    run_against r;
    run(r, fake, {"--cases", "to_device.send.*"});
    ASSERT_FALSE(r.proc.timed_out) << r.proc.output;
    EXPECT_EQ(r.proc.exit_code, 2) << r.proc.output;
    const auto errors = error_lines(r.proc.output);
    ASSERT_EQ(errors.size(), 1u) << r.proc.output;
    EXPECT_NE(errors[0].find("cannot register an account on the target"), std::string::npos)
        << errors[0];
    expect_reports_written(r);
}

// /versions is fine; every other answer is hostile. With the server name given, no probe
// registration is needed, so the cases run and meet the hostility themselves.
class AfterVersions : public ::testing::TestWithParam<const char*> {};

std::optional<net::response> hostile_answer(const std::string& mode, const net::request& req) {
    if (req.target() == "/_matrix/client/versions") return versions_ok();
    if (mode == "garbage") return not_json();
    if (mode == "huge") return huge_body(4 * 1024 * 1024);
    if (mode == "html") return html_page();
    if (mode == "nothing") return std::nullopt;
    // "registered": registration works, everything after it is garbage.
    if (req.target().ends_with("/register")) return registered();
    return not_json();
}

TEST_P(AfterVersions, CasesEndAsErrorOrFailWithTranscripts) {
    const std::string mode = GetParam();
    scripted_server fake([mode](const net::request& req) { return hostile_answer(mode, req); });
    run_against r;
    run(r, fake, {"--server-name", "fake.test", "--jobs", "4", "--cases", "to_device.send.*"});
    ASSERT_FALSE(r.proc.timed_out) << r.proc.output;
    EXPECT_TRUE(r.proc.exit_code == 1 || r.proc.exit_code == 2) << r.proc.exit_code << "\n"
                                                                << r.proc.output;
    EXPECT_EQ(r.proc.exit_code, 1)
        << "cases ran, so this is a run with failures, not a setup error\n"
        << r.proc.output;
    expect_reports_written(r);
    expect_cases_ended_badly_with_transcripts(r);
    EXPECT_GT(fake.seen().size(), 1u);
    if (mode == "nothing") {
        for (const auto& c : r.index.at("cases")) {
            EXPECT_TRUE(
                c.at("actual").get<std::string>().starts_with("no answer from the target: "))
                << c.dump();
        }
    }
    EXPECT_EQ(r.index.at("run").at("setup_error"), "");
    // The access token the fake hands out never reaches a report or a transcript.
    for (const auto& f : std::filesystem::recursive_directory_iterator(r.reports())) {
        if (!f.is_regular_file()) continue;
        std::ifstream in(f.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        EXPECT_EQ(text.find("t0k3n"), std::string::npos) << f.path();
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, AfterVersions,
                         ::testing::Values("garbage", "huge", "html", "nothing", "registered"),
                         [](const auto& info) { return std::string(info.param); });

// Issue 4, "Bad input": a target whose federation API answers nothing, or is not TLS at all.
// Its client API is plausible; the federation cases end as error or fail with transcripts.
class FederationBroken : public testing::TestWithParam<std::string> {};

TEST_P(FederationBroken, FederationCasesEndAsErrorOrFail) {
    scripted_server fake([](const net::request& req) -> std::optional<net::response> {
        const std::string target(req.target());
        if (target.starts_with("/_matrix/client/versions")) return versions_ok();
        if (target.find("/register") != std::string::npos) return registered();
        net::response res;
        res.result(net::http::status::ok);
        res.set(net::http::field::content_type, "application/json");
        res.body() = target.find("/sync") != std::string::npos
                         ? R"({"next_batch":"s1","to_device":{"events":[]}})"
                         : "{}";
        return res;
    });
    // Nothing listens on port 1; the fake itself speaks plain HTTP where TLS is expected.
    const std::string url =
        GetParam() == "nothing" ? "https://127.0.0.1:1" : "https://" + fake.url().substr(7);
    run_against r;
    run(r, fake,
        {"--server-name", "127.0.0.1:1", "--federation-url", url, "--insecure-federation",
         "--cases", "to_device.federation.in.delivered", "--cases",
         "to_device.federation.out.edu_delivered"});
    ASSERT_FALSE(r.proc.timed_out) << r.proc.output;
    EXPECT_EQ(r.proc.exit_code, 1) << r.proc.output;
    expect_reports_written(r);
    ASSERT_EQ(r.index.at("cases").size(), 2u) << r.proc.output;
    expect_cases_ended_badly_with_transcripts(r);
}

INSTANTIATE_TEST_SUITE_P(Modes, FederationBroken, testing::Values("nothing", "not_tls"));

}  // namespace
}  // namespace mxc::badtarget
