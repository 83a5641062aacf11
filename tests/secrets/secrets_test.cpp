// No secret in any report or log line (issue #12, "Threads and secrets"): the whole suite,
// federation cases included, runs against the embedded server with every report written and the
// console at its most talkative (--verbose prints every transcript); the harness's secret ledger
// (MXC_SECRET_LEDGER, matrix/secrets.hpp) names every access token, password, MAC, shared
// secret and signing key seed it used, and none of them may appear anywhere. A secret planted
// in a copy of the reports proves the scan finds what it looks for.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "matrix/client.hpp"
#include "secrets/scan.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::test {
namespace {

namespace fs = std::filesystem;
using ::testing::IsEmpty;

// Under the 120 s TIMEOUT of every test (tests/CMakeLists.txt); a Release run takes about 6 s.
constexpr std::chrono::seconds deadline{110};

struct suite_run {
    temp_dir dir;
    process_result result;
    std::vector<secret> ledger;

    fs::path reports() const { return dir.path() / "report"; }
};

std::unique_ptr<suite_run> run_suite(const std::vector<std::string>& extra) {
    auto r = std::make_unique<suite_run>();
    const auto ledger = r->dir.path() / "ledger.tsv";
    std::vector<std::string> args{"run",
                                  "--no-color",
                                  "--verbose",
                                  "--report-dir",
                                  r->reports().string(),
                                  "--write-baseline",
                                  (r->reports() / "baseline.jsonl").string(),
                                  "--ca-dir",
                                  (r->dir.path() / "ca").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    r->result = run_cli(args, deadline, {{"MXC_SECRET_LEDGER", ledger.string()}});
    if (fs::exists(ledger)) r->ledger = read_ledger(ledger);
    return r;
}

std::map<std::string, int> kinds(const std::vector<secret>& ledger) {
    std::map<std::string, int> out;
    for (const auto& s : ledger) ++out[s.kind];
    return out;
}

// Every case ran (none skipped: federation is on), every report was written, the ledger names
// each kind of secret, and no secret is found.
void expect_no_leak(const suite_run& r) {
    ASSERT_FALSE(r.result.timed_out) << r.result.output.substr(0, 4000);
    const auto index = read_json(r.reports() / "index.json");
    ASSERT_TRUE(index.contains("cases")) << r.result.output.substr(0, 4000);
    int federation = 0;
    for (const auto& c : index["cases"]) {
        EXPECT_NE(c["verdict"], "skipped") << c["id"];
        if (c["id"].get<std::string>().starts_with("to_device.federation.")) ++federation;
    }
    EXPECT_GT(federation, 0) << "no federation case ran";
    for (const char* f : {"junit.xml", "index.html", "summary.md", "baseline.jsonl"})
        EXPECT_TRUE(fs::exists(r.reports() / f)) << f;
    EXPECT_FALSE(fs::is_empty(r.reports() / "transcripts"));

    const auto k = kinds(r.ledger);
    for (const char* kind :
         {"access_token", "password", "mac", "registration_shared_secret", "signing_key_seed"})
        EXPECT_GT(k.count(kind) ? k.at(kind) : 0, 0) << "the ledger names no " << kind;

    EXPECT_THAT(find_secrets(r.ledger, r.reports(), r.result.output), IsEmpty());
}

class secrets_test : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { clean_ = run_suite({}).release(); }
    static void TearDownTestSuite() {
        delete clean_;
        clean_ = nullptr;
    }
    static suite_run* clean_;
};
suite_run* secrets_test::clean_ = nullptr;

TEST_F(secrets_test, whole_suite_against_a_correct_server_leaks_no_secret) {
    EXPECT_EQ(clean_->result.exit_code, 0) << clean_->result.output.substr(0, 4000);
    expect_no_leak(*clean_);
}

// Failing cases write what they saw into their reasons and the console: bodies, headers and
// the requests that led there. Faults that fail authentication, delivery and ordering at once
// (about 7 s; faults that make cases wait for their deadlines would not fit the budget).
TEST_F(secrets_test, whole_suite_against_a_broken_server_leaks_no_secret) {
    const auto broken =
        run_suite({"--ref-fault", "auth-errcode-forbidden", "--ref-fault", "reorder", "--ref-fault",
                   "event-missing-sender", "--ref-fault", "reject-unknown-recipient"});
    EXPECT_EQ(broken->result.exit_code, 1) << broken->result.output.substr(0, 4000);
    expect_no_leak(*broken);
}

// The scan itself: secrets from the ledger planted in a copy of the clean run's reports (an
// access token plain in a transcript, a signing key seed percent-encoded at the end of the HTML
// report) and on a console line are each found, where they were planted.
const secret& first_of(const std::vector<secret>& ledger, const std::string& kind) {
    for (const auto& s : ledger)
        if (s.kind == kind) return s;
    throw std::runtime_error("the ledger names no " + kind);
}

std::string newlines_in(const fs::path& file) {
    const auto text = read_text(file);
    return std::to_string(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(secrets_test, scan_finds_planted_secrets) {
    temp_dir copy;
    fs::copy(clean_->reports(), copy.path(), fs::copy_options::recursive);
    const secret& token = first_of(clean_->ledger, "access_token");
    const secret& seed = first_of(clean_->ledger, "signing_key_seed");
    const auto transcript = (*fs::directory_iterator(copy.path() / "transcripts")).path();
    const auto html = copy.path() / "index.html";
    // Planted on a line of its own after the last: line newlines + 2 (+ 1 for the HTML, which
    // gets no newline before it).
    const auto transcript_line = std::stoi(newlines_in(transcript)) + 2;
    const auto html_line = std::stoi(newlines_in(html)) + 1;
    std::ofstream(transcript, std::ios::app) << "\n" << token.value << "\n";
    std::ofstream(html, std::ios::app) << matrix::encode_segment(seed.value);
    const std::string console = "first line\nsecond " + token.value + " line\n";

    auto hits = find_secrets(clean_->ledger, copy.path(), console);
    std::sort(hits.begin(), hits.end());
    auto at = [](const secret& s, const std::string& where) {
        return s.kind + " " + s.value.substr(0, 6) + "... in " + where;
    };
    std::vector<std::string> expected{at(token, fs::relative(transcript, copy.path()).string() +
                                                    ":" + std::to_string(transcript_line)),
                                      at(seed, "index.html:" + std::to_string(html_line)),
                                      at(token, "console:2")};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(hits, expected);
}

}  // namespace
}  // namespace mxc::test
