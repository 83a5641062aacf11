// Issue 12, "Hostile peers": a client that dribbles its request, or never sends one, holds a
// connection of net::http_server (the reference server's and the mock remote's) for its read
// timeout at most, however slowly the bytes come; servers_test shows the others are answered
// meanwhile. Shown here with a short timeout, as the servers' own is 30 s.
#include <gtest/gtest.h>

#include <thread>

#include "hostile/client_player.hpp"
#include "net/http_server.hpp"

namespace mxc::hostile {
namespace {

using namespace std::chrono_literals;

constexpr auto read_timeout = 300ms;

class HeldConnections : public testing::TestWithParam<behaviour> {};

TEST_P(HeldConnections, AreClosedAtTheReadTimeout) {
    net::asio::io_context ioc;
    net::server_options o;
    o.read_timeout = read_timeout;
    net::http_server server(
        ioc, o,
        [](net::request&, const net::connection_info&) -> net::asio::awaitable<net::response> {
            co_return net::response{net::http::status::ok, 11};
        });
    const auto port = server.listen({net::asio::ip::address_v4::loopback(), 0}).port();
    std::thread serving([&] { ioc.run(); });
    const auto started = std::chrono::steady_clock::now();
    const auto p = play_request({port, nullptr, "/", ""}, GetParam(), 5s);
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_TRUE(p.done) << p.error;
    EXPECT_EQ(p.status, 0u);
    EXPECT_GE(took, read_timeout);
    EXPECT_LT(took, read_timeout + 2s);
    net::asio::post(ioc, [&] { server.stop(); });
    serving.join();
}

std::vector<behaviour> held_rows() {
    std::vector<behaviour> rows;
    for (const auto& r : requests())
        if (r.name == "dribble" || r.name == "never_sends") rows.push_back(r);
    return rows;
}

INSTANTIATE_TEST_SUITE_P(Corpus, HeldConnections, testing::ValuesIn(held_rows()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mxc::hostile
