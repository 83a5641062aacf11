// Issue 12, "Hostile peers": fetching a server's keys (matrix::key_fetcher, which the mock
// remote uses to check the target's requests and the reference server a peer's) from a
// federation port that plays a row of the corpus or a TLS fault. Each fetch ends with one
// key_fetch_error line within its deadline, never a crash or a hang.
#include <gtest/gtest.h>

#include "hostile/fake_homeserver.hpp"
#include "hostile/hostile_server.hpp"
#include "hostile/tls_faults.hpp"
#include "matrix/key_fetcher.hpp"
#include "support/temp_dir.hpp"

namespace mxc::hostile {
namespace {

using namespace std::chrono_literals;

constexpr auto fetch_timeout = 500ms;
// The deadline, and slack for a loaded machine.
constexpr auto fetch_bound = 2s;

void expect_refused(const behaviour* row, const tls_fault* fault) {
    test::temp_dir dir;
    const auto ca = net::certificate_authority::open_or_create(dir.path() / "ca");
    hostile_server fed({row, [](const net::request&) { return true; }, fair_answer,
                        fault ? fault->start : handshake::tls,
                        fault && fault->context ? fault->context(ca, dir.path()) : fair_tls(ca)});
    net::client_options o;
    o.connect_timeout = fetch_timeout;
    o.tls = net::client_tls_context({net::tls_trust::mode::ca_file, ca.cert_file()});
    const auto name = "127.0.0.1:" + std::to_string(fed.port());
    matrix::key_fetcher keys(o, matrix::default_federation_url, {}, fetch_timeout);
    const auto started = std::chrono::steady_clock::now();
    try {
        keys.lookup(name, "ed25519:a");
        ADD_FAILURE() << "keys accepted";
    } catch (const matrix::key_fetch_error& e) {
        const std::string why = e.what();
        EXPECT_TRUE(why.starts_with("keys of " + name + ": ")) << why;
        EXPECT_EQ(why.find('\n'), std::string::npos) << why;
        // A TLS fault is refused in the handshake, not for what a fair server answers after it.
        if (fault) {
            EXPECT_NE(why.find("TLS handshake"), std::string::npos) << why;
        }
    }
    EXPECT_LE(std::chrono::steady_clock::now() - started, fetch_bound);
}

class KeyFetchMeets : public testing::TestWithParam<behaviour> {};

TEST_P(KeyFetchMeets, FetchFailsWithOneLine) {
    expect_refused(&GetParam(), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Corpus, KeyFetchMeets, testing::ValuesIn(responses()),
                         [](const auto& info) { return info.param.name; });

class KeyFetchTls : public testing::TestWithParam<tls_fault> {};

TEST_P(KeyFetchTls, FetchFailsWithOneLine) {
    expect_refused(nullptr, &GetParam());
}

INSTANTIATE_TEST_SUITE_P(Corpus, KeyFetchTls, testing::ValuesIn(tls_faults()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mxc::hostile
