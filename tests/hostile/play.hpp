// Playing a row's acts on a connection, for either side (hostile_server answers with them,
// servers_test requests with them).
#pragma once

#include "hostile/behaviours.hpp"
#include "net/beast.hpp"

namespace mxc::hostile {

namespace asio = net::asio;
namespace beast = net::beast;
using net::tcp;

constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

inline asio::awaitable<void> wait(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(as_tuple);
}

// Plays row.acts on stream (raw: its socket) with {target} and {auth} filled in; returns when
// they are done or the peer left.
template <class Stream>
asio::awaitable<void> play(Stream& stream, tcp::socket& raw, const behaviour& row,
                           std::string_view target, std::string_view auth = {}) {
    for (const auto& a : row.acts) {
        switch (a.what) {
            case act::kind::write: {
                const auto bytes = fill(a.bytes, target, auth);
                auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes), as_tuple);
                if (ec) co_return;
                break;
            }
            case act::kind::repeat:
                for (std::size_t i = 0; i < a.times; ++i) {
                    auto [ec, n] =
                        co_await asio::async_write(stream, asio::buffer(a.bytes), as_tuple);
                    if (ec) co_return;
                }
                break;
            case act::kind::dribble:
                for (const char c : a.bytes) {
                    auto [ec, n] =
                        co_await asio::async_write(stream, asio::buffer(&c, 1), as_tuple);
                    if (ec) co_return;
                    co_await wait(a.every);
                }
                break;
            case act::kind::reset: {
                beast::error_code ignored;
                raw.set_option(asio::socket_base::linger(true, 0), ignored);
                raw.close(ignored);
                co_return;
            }
            case act::kind::finish: {
                beast::error_code ignored;
                raw.shutdown(tcp::socket::shutdown_send, ignored);
                break;
            }
            case act::kind::hold: {
                // Until the other side sends or closes (or the test drops everything).
                co_await raw.async_wait(tcp::socket::wait_read, as_tuple);
                co_return;
            }
        }
    }
}

}  // namespace mxc::hostile
