#include "hostile/hostile_server.hpp"

#include "hostile/play.hpp"

#include <atomic>
#include <thread>

namespace mxc::hostile {

namespace http = net::http;

namespace {

// Until the server stops: a peer that sent its ClientHello is not answered, whatever it does.
asio::awaitable<void> forever() {
    asio::steady_timer t(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
    co_await t.async_wait(as_tuple);
}

}  // namespace

struct hostile_server::impl {
    hostile_options o;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::thread thread;
    std::atomic<int> victims{0};
    unsigned short port = 0;

    template <class Stream>
    asio::awaitable<void> serve(Stream& stream, tcp::socket& raw) {
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(1024 * 1024);
            auto [ec, n] = co_await http::async_read(stream, buffer, parser, as_tuple);
            if (ec) co_return;
            auto req = parser.release();
            if (o.row && o.victim(req)) {
                ++victims;
                co_await play(stream, raw, *o.row, req.target());
                co_return;
            }
            auto res = o.fair(req);
            res.version(11);
            res.keep_alive(true);
            res.prepare_payload();
            auto [wec, wn] = co_await http::async_write(stream, res, as_tuple);
            if (wec) co_return;
        }
    }

    asio::awaitable<void> session(tcp::socket socket) {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        switch (o.start) {
            case handshake::plain:
                co_await serve(socket, socket);
                break;
            case handshake::tls: {
                net::ssl::stream<tcp::socket&> tls(socket, *o.tls);
                auto [ec] = co_await tls.async_handshake(net::ssl::stream_base::server, as_tuple);
                if (!ec) co_await serve(tls, socket);
                break;
            }
            case handshake::not_tls: {
                char hello[4096];
                auto [ec, n] = co_await socket.async_read_some(asio::buffer(hello), as_tuple);
                if (ec) break;
                const std::string no = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
                co_await asio::async_write(socket, asio::buffer(no), as_tuple);
                break;
            }
            case handshake::silent:
                co_await forever();
                break;
            case handshake::close_at_once:
                break;
        }
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

    asio::awaitable<void> accept() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(as_tuple);
            if (ec) co_return;
            asio::co_spawn(ioc, session(std::move(socket)), asio::detached);
        }
    }
};

hostile_server::hostile_server(hostile_options options) : impl_(std::make_unique<impl>()) {
    auto& s = *impl_;
    s.o = std::move(options);
    const tcp::endpoint where{asio::ip::address_v4::loopback(), 0};
    s.acceptor.open(where.protocol());
    s.acceptor.bind(where);
    s.acceptor.listen();
    s.port = s.acceptor.local_endpoint().port();
    asio::co_spawn(s.ioc, s.accept(), asio::detached);
    s.thread = std::thread([&s] { s.ioc.run(); });
}

hostile_server::~hostile_server() {
    // Stopping abandons every coroutine (a held request, a dribble, a 100 MiB write); destroying
    // the io_context with impl_ then destroys them and closes their sockets.
    impl_->ioc.stop();
    impl_->thread.join();
}

std::string hostile_server::url() const {
    const bool tls = impl_->o.start != handshake::plain;
    return (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(impl_->port);
}

unsigned short hostile_server::port() const {
    return impl_->port;
}

int hostile_server::victims() const {
    return impl_->victims.load();
}

}  // namespace mxc::hostile
