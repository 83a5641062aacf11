#include "hostile/client_player.hpp"

#include "hostile/play.hpp"

namespace mxc::hostile {

namespace http = net::http;

namespace {

template <class Stream>
asio::awaitable<void> exchange(Stream& stream, tcp::socket& raw, const behaviour& row,
                               const where_to& to, played& out) {
    co_await play(stream, raw, row, to.target, to.auth);
    if (!raw.is_open()) {
        out.error = "reset by us";
        out.done = true;
        co_return;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, as_tuple);
    if (ec)
        out.error = ec.message();
    else
        out.status = parser.get().result_int();
    out.done = true;
}

asio::awaitable<void> connect_and_play(tcp::socket& socket, const where_to& to,
                                       const behaviour& row, played& out) {
    auto [cec] =
        co_await socket.async_connect({asio::ip::address_v4::loopback(), to.port}, as_tuple);
    if (cec) {
        out.error = "connect: " + cec.message();
        out.done = true;
        co_return;
    }
    if (!to.tls) co_return co_await exchange(socket, socket, row, to, out);
    net::ssl::stream<tcp::socket&> tls(socket, *to.tls);
    auto [hec] = co_await tls.async_handshake(net::ssl::stream_base::client, as_tuple);
    if (hec) {
        out.error = "TLS handshake: " + hec.message();
        out.done = true;
        co_return;
    }
    co_await exchange(tls, socket, row, to, out);
}

}  // namespace

played play_request(const where_to& to, const behaviour& row, std::chrono::milliseconds within) {
    played out;
    asio::io_context ioc;
    tcp::socket socket(ioc);
    asio::co_spawn(ioc, connect_and_play(socket, to, row, out), asio::detached);
    ioc.run_for(within);
    if (!out.done) out.error = "no answer yet";
    return out;
}

}  // namespace mxc::hostile
