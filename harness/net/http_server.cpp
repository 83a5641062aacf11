#include "net/http_server.hpp"

#include <atomic>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <list>

namespace mxc::net {

using asio::use_awaitable;
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

struct http_server::state {
    asio::io_context& ioc;
    server_options options;
    handler handle;
    tcp::acceptor acceptor;
    // Open connections, so stop() can close them; each session removes itself when it ends.
    std::list<beast::tcp_stream*> open;
    std::atomic<std::size_t> open_count{0};  // open.size(), readable from any thread

    state(asio::io_context& c, server_options o, handler h)
        : ioc(c), options(std::move(o)), handle(std::move(h)), acceptor(c) {}

    response refused(http::status status, const std::string& message, unsigned version) const {
        response res;
        if (options.on_refused) {
            res = options.on_refused(status, message);
        } else {
            res.result(status);
            res.set(http::field::content_type, "text/plain");
            res.body() = message;
        }
        res.version(version);
        res.keep_alive(false);
        res.prepare_payload();
        return res;
    }
};

namespace {

// Whether a read failed because the bytes were not HTTP (worth a 400), not because the peer left.
bool is_parse_error(const beast::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// Completes when the peer has closed or reset the connection; a peer that sends more bytes (a
// pipelined request) has not left, so then it waits until cancelled. Peeking leaves the bytes
// for the next read.
asio::awaitable<void> peer_gone(beast::tcp_stream& tcp) {
    char byte = 0;
    auto [ec, n] = co_await tcp.socket().async_receive(asio::buffer(&byte, 1),
                                                       tcp::socket::message_peek, as_tuple);
    if (!ec && n > 0) {
        asio::steady_timer forever(co_await asio::this_coro::executor,
                                   asio::steady_timer::time_point::max());
        co_await forever.async_wait(as_tuple);
    }
}

// The handler's answer, or nothing when the client left first (the handler is then cancelled).
asio::awaitable<std::optional<response>> answer(std::shared_ptr<http_server::state> s, request& req,
                                                const connection_info& info,
                                                beast::tcp_stream& tcp) {
    if (!s->options.release_on_disconnect || !s->options.release_on_disconnect(req))
        co_return co_await s->handle(req, info);
    using namespace asio::experimental::awaitable_operators;
    auto first = co_await (s->handle(req, info) || peer_gone(tcp));
    if (first.index() == 1) co_return std::nullopt;
    co_return std::get<0>(std::move(first));
}

template <class Stream>
asio::awaitable<void> serve_requests(std::shared_ptr<http_server::state> s, Stream& stream,
                                     beast::tcp_stream& tcp, connection_info info) {
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(s->options.body_limit);
        parser.header_limit(static_cast<std::uint32_t>(s->options.header_limit));
        // The deadline covers the idle time before a request and the whole request.
        tcp.expires_after(s->options.read_timeout);
        auto [ec, n] = co_await http::async_read(stream, buffer, parser, as_tuple);
        if (ec) {
            std::optional<response> answer;
            if (ec == http::error::body_limit) {
                answer = s->refused(http::status::payload_too_large,
                                    "request body is larger than the server accepts", 11);
            } else if (ec == http::error::header_limit) {
                answer = s->refused(http::status::request_header_fields_too_large,
                                    "request headers are larger than the server accepts", 11);
            } else if (is_parse_error(ec)) {
                answer = s->refused(http::status::bad_request, "malformed HTTP request", 11);
            }
            if (answer) {
                tcp.expires_after(s->options.write_timeout);
                co_await http::async_write(stream, *answer, as_tuple);
            }
            co_return;
        }
        request req = parser.release();
        const bool keep_alive = req.keep_alive();
        const unsigned version = req.version();
        // The handler may wait (a long-poll); it bounds its own waits.
        tcp.expires_never();
        response res;
        bool drop = false;
        try {
            auto answered = co_await answer(s, req, info, tcp);
            drop = !answered;
            if (answered) res = std::move(*answered);
        } catch (const drop_connection&) {
            drop = true;
        } catch (const std::exception& e) {
            res = s->refused(http::status::internal_server_error, e.what(), version);
        }
        if (drop) {
            beast::error_code ignored;
            tcp.socket().close(ignored);
            co_return;
        }
        res.version(version);
        res.keep_alive(keep_alive && res.keep_alive());
        res.prepare_payload();
        const bool close = !res.keep_alive();
        tcp.expires_after(s->options.write_timeout);
        auto [wec, wn] = co_await http::async_write(stream, res, as_tuple);
        if (wec || close) co_return;
    }
}

asio::awaitable<void> serve_connection(std::shared_ptr<http_server::state> s, tcp::socket socket) {
    beast::error_code ignored;
    connection_info info{socket.remote_endpoint(ignored), s->options.tls != nullptr};
    socket.set_option(tcp::no_delay(true), ignored);
    if (s->options.tls) {
        beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *s->options.tls);
        auto& tcp = beast::get_lowest_layer(stream);
        auto it = s->open.insert(s->open.end(), &tcp);
        ++s->open_count;
        tcp.expires_after(s->options.read_timeout);
        auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, as_tuple);
        if (!ec) {
            co_await serve_requests(s, stream, tcp, info);
            tcp.expires_after(std::chrono::seconds(2));
            co_await stream.async_shutdown(as_tuple);
        }
        s->open.erase(it);
        --s->open_count;
    } else {
        beast::tcp_stream stream(std::move(socket));
        auto it = s->open.insert(s->open.end(), &stream);
        ++s->open_count;
        co_await serve_requests(s, stream, stream, info);
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        s->open.erase(it);
        --s->open_count;
    }
}

asio::awaitable<void> accept_loop(std::shared_ptr<http_server::state> s) {
    for (;;) {
        auto [ec, socket] = co_await s->acceptor.async_accept(as_tuple);
        if (!s->acceptor.is_open()) co_return;
        if (ec) continue;  // e.g. too many open files: keep serving the connections we have
        asio::co_spawn(s->ioc, serve_connection(s, std::move(socket)), asio::detached);
    }
}

}  // namespace

http_server::http_server(asio::io_context& ioc, server_options options, handler h)
    : state_(std::make_shared<state>(ioc, std::move(options), std::move(h))) {}

http_server::~http_server() = default;

tcp::endpoint http_server::listen(const tcp::endpoint& where) {
    auto& a = state_->acceptor;
    a.open(where.protocol());
    a.set_option(asio::socket_base::reuse_address(true));
    a.bind(where);
    a.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(state_->ioc, accept_loop(state_), asio::detached);
    return a.local_endpoint();
}

std::size_t http_server::open_connections() const {
    return state_->open_count.load();
}

void http_server::stop() {
    beast::error_code ignored;
    state_->acceptor.close(ignored);
    for (auto* stream : state_->open) stream->socket().close(ignored);
}

}  // namespace mxc::net
