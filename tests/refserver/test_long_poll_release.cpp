// A /sync long-poll whose client disconnects is released at once (issue 12): no parked request,
// no file descriptor held for the rest of its timeout.
#include <gtest/gtest.h>

#include <algorithm>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "scene.hpp"

namespace mxc::test {
namespace {

using namespace std::chrono_literals;
namespace asio = net::asio;
using net::tcp;

TEST(long_poll, polls_of_clients_that_left_are_released_within_a_second) {
    scene s;
    const std::string since = s.c.must_sync(s.bob)["next_batch"];
    const auto before = s.srv.open_connections();
    const auto port = s.srv.base_url().substr(s.srv.base_url().rfind(':') + 1);

    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    const auto where = resolver.resolve("127.0.0.1", port);
    const std::string poll = "GET /_matrix/client/v3/sync?timeout=60000&since=" + since +
                             " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                             s.bob.access_token + "\r\n\r\n";
    constexpr std::size_t polls = 300;
    std::vector<tcp::socket> clients;
    for (std::size_t i = 0; i < polls; ++i) {
        auto& sock = clients.emplace_back(ioc);
        asio::connect(sock, where);
        asio::write(sock, asio::buffer(poll));
    }
    // All of them wait at the server: nothing is pending for bob, and the polls ask for 60 s.
    ASSERT_TRUE(wait_until([&] { return s.srv.open_connections() == before + polls; }, 10s))
        << s.srv.open_connections() << " open";

    for (auto& sock : clients) sock.close();
    EXPECT_TRUE(wait_until([&] { return s.srv.open_connections() == before; }, 1s))
        << s.srv.open_connections() << " still open, " << before << " before";

    // Each poll is logged as released by its client, none as a server error.
    const auto lines = s.srv.log_lines();
    const auto released = std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
        return l.find("/sync?") != std::string::npos && l.find("\" 499 0B") != std::string::npos;
    });
    EXPECT_EQ(released, static_cast<std::ptrdiff_t>(polls));
    EXPECT_FALSE(s.srv.logged("\" 500 ")) << "a released poll was logged as a server error";

    // The server still serves: a message reaches bob at once.
    s.send(s.bob, 1);
    EXPECT_EQ(s.received(s.bob), std::vector<int>{1});
}

}  // namespace
}  // namespace mxc::test
