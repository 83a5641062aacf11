// `mxconform serve` as a child process: every message answered with 200 survives kill -9, a
// since token from before the restart still acknowledges, and SIGTERM/SIGINT end it cleanly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <random>

#include "fixture.hpp"
#include "support/process.hpp"

namespace mxc::test {
namespace {

using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

// A port below the kernel's ephemeral range, so that no port-0 bind elsewhere (the embedded
// servers of tests running in parallel) can be handed the same one; free when checked.
unsigned short free_port() {
    int low = 32768;
    std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> low;
    std::random_device rd;
    std::uniform_int_distribution<int> pick(std::max(1025, low - 12000), low - 1);
    for (int attempt = 0; attempt < 100; ++attempt) {
        const auto port = static_cast<unsigned short>(pick(rd));
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(port);
        const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(fd);
        if (free) return port;
    }
    throw std::runtime_error("no free port found");
}

// One `mxconform serve` on a database file; start() may be called again after kill9().
class serve_process {
  public:
    serve_process(std::filesystem::path db, std::filesystem::path log)
        : db_(std::move(db)), log_(std::move(log)) {}

    // Spawns on a free port and returns once /versions answers (a port lost to a race: retry).
    void start() {
        for (int attempt = 0; attempt < 5; ++attempt)
            if (try_start(free_port())) return;
        throw std::runtime_error("mxconform serve did not become ready; see " + log_.string());
    }

    void kill9() { child_.reset(); }

    // Sends the signal and waits for the exit; the exit code, or -1 past the deadline.
    int stop_with(int signal) {
        child_->signal(signal);
        const auto code = child_->wait_for(20s);
        if (!code) return -1;
        child_.reset();
        return *code;
    }

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    bool try_start(unsigned short port) {
        port_ = port;
        child_.emplace(
            mxconform_binary(),
            std::vector<std::string>{"serve", "--listen", "127.0.0.1:" + std::to_string(port),
                                     "--db", db_.string(), "--server-name", "durable.test"},
            log_);
        client probe(base_url());
        bool exited = false;
        const bool ready = wait_until(
            [&] {
                if (child_->wait_for(0ms)) return exited = true;
                try {
                    return probe.call(http::verb::get, "/_matrix/client/versions", {}, {}, 1s)
                               .status == 200;
                } catch (const net::transport_error&) {
                    return false;
                }
            },
            30s);
        if (ready && !exited) return true;
        kill9();
        return false;
    }

    std::filesystem::path db_, log_;
    std::optional<child_process> child_;  // killed (SIGKILL) when reset
    unsigned short port_ = 0;
};

TEST(durability, kill_9_loses_nothing_that_was_answered_with_200) {
    temp_dir dir;
    serve_process serve(dir.path() / "serve.db", dir.path() / "serve.log");
    serve.start();
    client c(serve.base_url());
    auto alice = c.must_register("alice", "pw-a");
    auto bob = c.must_register("bob", "pw-b");

    // Before the crash: 0..29 sent and listed, so the token that listing issued acknowledges them.
    for (int i = 0; i < 30; ++i)
        c.must_send(alice, type, "t" + std::to_string(i), to_one(bob, {{"seq", i}}));
    auto listed = c.must_sync(bob);
    ASSERT_EQ(seqs(listed).size(), 30u);
    const std::string since = listed["next_batch"];

    // Then a sender keeps going until the server dies under it.
    std::atomic<int> answered{30};
    auto sender = std::async(std::launch::async, [&] {
        client own(serve.base_url());
        for (int i = 30;; ++i) {
            try {
                auto r = own.send_to_device(alice, type, "t" + std::to_string(i),
                                            to_one(bob, {{"seq", i}}));
                if (r.status != 200) return;
                answered = i + 1;
            } catch (const net::transport_error&) {
                return;
            }
        }
    });
    ASSERT_TRUE(wait_until([&] { return answered >= 80; }, 30s)) << "only " << answered << " sent";
    serve.kill9();
    sender.get();
    const int acked_by_200 = answered;

    serve.start();
    client after(serve.base_url());
    std::vector<int> got;
    std::optional<std::string> token = since;
    for (;;) {
        auto body = after.must_sync(bob, token);
        const auto batch = seqs(body);
        token = body["next_batch"].get<std::string>();
        if (batch.empty()) break;
        got.insert(got.end(), batch.begin(), batch.end());
        ASSERT_LT(got.size(), 10'000u);
    }
    // Every 200 from 30 on, in order, once; the request in flight at the kill may have landed.
    std::vector<int> expected;
    for (int i = 30; i < acked_by_200; ++i) expected.push_back(i);
    if (got.size() == expected.size() + 1) expected.push_back(acked_by_200);
    EXPECT_THAT(got, ElementsAreArray(expected));

    // Transaction ids survive too: replaying an answered one delivers nothing again.
    auto replay = after.send_to_device(alice, type, "t0", to_one(bob, {{"seq", 0}}));
    EXPECT_EQ(replay.status, 200u) << replay.describe();
    EXPECT_THAT(events_until_sentinel(after, alice, bob), IsEmpty());
    EXPECT_EQ(serve.stop_with(SIGTERM), 0);
}

TEST(durability, a_since_token_from_before_the_restart_still_acknowledges) {
    temp_dir dir;
    serve_process serve(dir.path() / "serve.db", dir.path() / "serve.log");
    serve.start();
    client c(serve.base_url());
    auto alice = c.must_register("alice", "pw-a");
    auto bob = c.must_register("bob", "pw-b");
    c.must_send(alice, type, "t1", to_one(bob, {{"seq", 1}}));
    auto r1 = c.must_sync(bob);
    ASSERT_THAT(seqs(r1), ElementsAreArray({1}));
    c.must_send(alice, type, "t2", to_one(bob, {{"seq", 2}}));
    serve.kill9();

    serve.start();
    client after(serve.base_url());
    // Not acknowledged yet: both are still there.
    EXPECT_THAT(seqs(after.must_sync(bob)), ElementsAreArray({1, 2}));
    auto r2 = after.must_sync(bob, r1["next_batch"].get<std::string>());
    EXPECT_THAT(seqs(r2), ElementsAreArray({2}));
    EXPECT_THAT(seqs(after.must_sync(bob, r2["next_batch"].get<std::string>())), IsEmpty());
}

TEST(serve_command, exits_cleanly_on_sigterm_and_sigint) {
    temp_dir dir;
    for (int signal : {SIGTERM, SIGINT}) {
        serve_process serve(dir.path() / "serve.db", dir.path() / "serve.log");
        serve.start();
        client c(serve.base_url());
        auto alice = c.must_register("u" + std::to_string(signal));
        // A long-poll in progress does not hold the shutdown up.
        auto held = hold_long_poll(serve.base_url(), c, alice, 30'000ms);
        EXPECT_EQ(serve.stop_with(signal), 0) << "signal " << signal;
        ASSERT_EQ(held.wait_for(20s), std::future_status::ready);
        EXPECT_THROW(held.get(), net::transport_error);
    }
}

}  // namespace
}  // namespace mxc::test
