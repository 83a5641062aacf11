// Issue 12, "Hostile peers": the harness against a target that plays one row of the corpus on
// the request each case aims at (suite/hostile.yaml: one case per step kind that talks to the
// target). Every case ends error or fail with a one-line reason within its deadline, the run
// goes on to the end, every report is complete, and the harness's memory stays bounded.
#include <gtest/gtest.h>

#include "hostile/fake_homeserver.hpp"
#include "hostile/hostile_server.hpp"
#include "hostile/tls_faults.hpp"
#include "net/tls_certs.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::hostile {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

// The deadlines the run is given (--request-timeout-ms, --timeout-scale).
constexpr auto request_timeout = 1000ms;
constexpr double timeout_scale = 0.1;
// The longest a case may take: its longest step bound, a /sync's (its timeout, and the request
// deadline plus 30 s, scaled: steps/sync_call.hpp), a registration, with slack for a loaded
// machine.
constexpr auto case_bound = 6s;

// The harness's memory bound: each request in flight holds at most one body of 16 MiB
// (net::client_options::body_limit) while it is read and once more as the reply's text, or one
// parse of at most 1M values (matrix::max_json_values, about 100 MB at the worst); with 12 jobs
// at once and 64 MiB for the process itself, 64 + 12 x 2 x 16 = 448 MiB. ru_maxrss also counts
// the test process's pages at the spawn, so this errs on the safe side.
constexpr long rss_bound_kb = (64 + 12 * 2 * 16) * 1024;
// Under AddressSanitizer every block carries redzones and freed blocks wait in a 256 MB
// quarantine: peak RSS then measures the sanitizer, and the bound is the plain build's to check.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool rss_is_the_harness = false;
#else
constexpr bool rss_is_the_harness = true;
#endif

struct run_result {
    test::process_result proc;
    json index;
};

// The run of the cases matching `cases`: the client port plays row on the victim's requests,
// the federation port plays it on all of them, behind the TLS fault (null: fair TLS).
run_result run_suite(const behaviour* row, const tls_fault* fault, const std::string& cases) {
    test::temp_dir dir;
    const auto ca_dir = dir.path() / "ca";
    const auto ca = net::certificate_authority::open_or_create(ca_dir);
    hostile_server client({row, is_victim, fair_answer, handshake::plain, nullptr});
    const auto start = fault ? fault->start : handshake::tls;
    hostile_server fed({row, [](const net::request&) { return true; }, fair_answer, start,
                        fault && fault->context ? fault->context(ca, dir.path()) : fair_tls(ca)});
    const auto reports = dir.path() / "report";
    run_result r;
    r.proc = test::run_cli({"run",
                            "--no-color",
                            "--target",
                            client.url(),
                            "--server-name",
                            "fake.test",
                            "--register",
                            "open",
                            "--jobs",
                            "12",
                            "--request-timeout-ms",
                            std::to_string(request_timeout.count()),
                            "--connect-timeout-ms",
                            "500",
                            "--timeout-scale",
                            std::to_string(timeout_scale),
                            "--suites",
                            MXC_SOURCE_DIR "/tests/hostile/suite",
                            "--cases",
                            cases,
                            "--report-dir",
                            reports.string(),
                            "--ca-dir",
                            ca_dir.string(),
                            "--federation-url",
                            fed.url(),
                            "--target-ca",
                            (ca_dir / "ca.pem").string()},
                           60s);
    r.index = test::read_json(reports / "index.json");
    for (const char* f : {"junit.xml", "index.html", "summary.md"})
        EXPECT_TRUE(std::filesystem::is_regular_file(reports / f)) << f << "\n" << r.proc.output;
    return r;
}

void expect_all_ended_badly(const run_result& r, std::size_t cases) {
    ASSERT_FALSE(r.proc.timed_out) << r.proc.output;
    EXPECT_EQ(r.proc.exit_code, 1) << r.proc.output;
    ASSERT_TRUE(r.index.is_object()) << r.proc.output;
    ASSERT_EQ(r.index.at("cases").size(), cases) << r.proc.output;
    for (const auto& c : r.index.at("cases")) {
        const auto id = c.at("id").get<std::string>();
        const auto verdict = c.at("verdict").get<std::string>();
        const auto reason = c.at("actual").get<std::string>();
        EXPECT_TRUE(verdict == "error" || verdict == "fail") << id << ": " << verdict;
        EXPECT_FALSE(reason.empty()) << id;
        EXPECT_EQ(reason.find('\n'), std::string::npos) << id << ": " << reason;
        EXPECT_FALSE(reason.starts_with("unexpected error")) << id << ": " << reason;
        const auto bound_ms = std::chrono::duration<double, std::milli>(case_bound).count();
        EXPECT_LE(c.at("duration_ms").get<double>(), bound_ms) << id << ": " << reason;
    }
    testing::Test::RecordProperty("peak_rss_kb", std::to_string(r.proc.peak_rss_kb));
    if (rss_is_the_harness) {
        EXPECT_LE(r.proc.peak_rss_kb, rss_bound_kb);
    }
}

class HarnessMeets : public testing::TestWithParam<behaviour> {};

TEST_P(HarnessMeets, EveryStepKindEndsErrorOrFail) {
    const auto r = run_suite(&GetParam(), nullptr, "hostile.*");
    expect_all_ended_badly(r, 12);
}

INSTANTIATE_TEST_SUITE_P(Corpus, HarnessMeets, testing::ValuesIn(responses()),
                         [](const auto& info) { return info.param.name; });

// The federation port's TLS is the hostility; the client port is fair.
class FederationTls : public testing::TestWithParam<tls_fault> {};

TEST_P(FederationTls, FederationSendEndsErrorOrFail) {
    const auto r = run_suite(nullptr, &GetParam(), "hostile.federation_send");
    expect_all_ended_badly(r, 1);
    // Refused in the handshake, not for what a fair server would have answered after it.
    const auto reason = r.index.at("cases").at(0).at("actual").get<std::string>();
    EXPECT_NE(reason.find("TLS handshake"), std::string::npos) << reason;
}

INSTANTIATE_TEST_SUITE_P(Corpus, FederationTls, testing::ValuesIn(tls_faults()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mxc::hostile
