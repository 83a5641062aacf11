#include "net/http_client.hpp"

#include <fmt/format.h>
#include <boost/url/parse.hpp>

namespace mxc::net {

std::string http_reply::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (beast::iequals(k, name)) return v;
    return {};
}

struct http_client::impl {
    asio::io_context ioc;
    client_options options;
    bool https = false;
    std::string host, port, base_path, host_header;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;

    beast::tcp_stream& lowest() { return https ? beast::get_lowest_layer(*secure) : *plain; }
    bool connected() {
        return (https ? secure.has_value() : plain.has_value()) && lowest().socket().is_open();
    }

    void drop() {
        secure.reset();
        plain.reset();
        buffer.clear();
    }

    asio::awaitable<void> connect(std::chrono::steady_clock::time_point deadline) {
        tcp::resolver resolver(ioc);
        auto [rec, results] =
            co_await resolver.async_resolve(host, port, asio::as_tuple(asio::use_awaitable));
        if (rec) throw transport_error(fmt::format("cannot resolve {}: {}", host, rec.message()));
        beast::tcp_stream tcp(ioc);
        auto budget = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   deadline - std::chrono::steady_clock::now()),
                               options.connect_timeout);
        tcp.expires_after(budget);
        auto [cec, ep] = co_await tcp.async_connect(results, asio::as_tuple(asio::use_awaitable));
        if (cec == beast::error::timeout)
            throw transport_error(
                fmt::format("connect to {}:{} timed out after {} ms", host, port, budget.count()));
        if (cec)
            throw transport_error(fmt::format("connect to {}:{}: {}", host, port, cec.message()));
        tcp.socket().set_option(tcp::no_delay(true));
        if (!https) {
            plain.emplace(std::move(tcp));
            co_return;
        }
        secure.emplace(std::move(tcp), *options.tls);
        if (!options.tls_server_name.empty()) {
            auto name = options.tls_server_name;
            if (name.size() > 2 && name.front() == '[' && name.back() == ']')
                name = name.substr(1, name.size() - 2);
            // RFC 6066 §3: SNI carries host names only, never an IP literal.
            boost::system::error_code not_ip;
            asio::ip::make_address(name, not_ip);
            if (not_ip) SSL_set_tlsext_host_name(secure->native_handle(), name.c_str());
            // host_name_verification matches an IP literal against the iPAddress names
            // (X509_check_ip_asc). A context that verifies nothing must not reject on the name.
            if (SSL_CTX_get_verify_mode(options.tls->native_handle()) != SSL_VERIFY_NONE)
                secure->set_verify_callback(ssl::host_name_verification(name));
        }
        beast::get_lowest_layer(*secure).expires_at(deadline);
        auto [hec] = co_await secure->async_handshake(ssl::stream_base::client,
                                                      asio::as_tuple(asio::use_awaitable));
        if (hec) {
            drop();
            throw transport_error(
                fmt::format("TLS handshake with {}:{}: {}", host, port, hec.message()));
        }
    }

    const std::function<void()>* on_written = nullptr;
    // Whether the last exchange's response had begun when it failed: the connection was alive
    // then, so the failure is the answer's, not a stale connection's.
    bool answer_begun = false;

    template <class Stream>
    asio::awaitable<http_reply> exchange(Stream& stream, request& req,
                                         std::chrono::steady_clock::time_point deadline) {
        auto& tcp = beast::get_lowest_layer(stream);
        tcp.expires_at(deadline);
        auto [wec, wn] =
            co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
        if (wec) throw beast::system_error(wec);
        if (on_written && *on_written) (*on_written)();
        http::response_parser<http::string_body> parser;
        parser.body_limit(options.body_limit);
        // Read by parts, checking the deadline between them: the stream's own timer only cancels
        // a read still pending when it fires, so a peer that never stops sending (a 100 MB
        // body) would outrun it until the body limit.
        while (!parser.is_done()) {
            if (std::chrono::steady_clock::now() >= deadline)
                throw beast::system_error(beast::error::timeout);
            auto [rec, rn] = co_await http::async_read_some(stream, buffer, parser,
                                                            asio::as_tuple(asio::use_awaitable));
            answer_begun = parser.got_some();
            if (rec) throw beast::system_error(rec);
        }
        auto res = parser.release();
        http_reply reply;
        reply.status = res.result_int();
        for (const auto& f : res)
            reply.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        reply.body = std::move(res.body());
        if (!res.keep_alive()) drop();
        co_return reply;
    }

    asio::awaitable<http_reply> run(request req, std::chrono::steady_clock::time_point deadline) {
        // A kept-alive connection may have been closed by the server meanwhile: one fresh retry,
        // unless an answer had begun (a truncated or oversized one is not retried).
        for (int attempt = 0;; ++attempt) {
            const bool reused = connected();
            answer_begun = false;
            if (!reused) co_await connect(deadline);
            try {
                if (https) co_return co_await exchange(*secure, req, deadline);
                co_return co_await exchange(*plain, req, deadline);
            } catch (const beast::system_error& e) {
                drop();
                const auto ec = e.code();
                if (ec == beast::error::timeout) throw;
                if (reused && attempt == 0 && !answer_begun &&
                    std::chrono::steady_clock::now() < deadline)
                    continue;
                throw;
            }
        }
    }
};

http_client::http_client(const std::string& base, client_options options)
    : impl_(std::make_unique<impl>()) {
    auto url = boost::urls::parse_uri(base);
    if (!url) throw std::invalid_argument(fmt::format("not a URL: '{}'", base));
    const auto scheme = url->scheme();
    if (scheme != "http" && scheme != "https")
        throw std::invalid_argument(fmt::format("URL scheme must be http or https: '{}'", base));
    impl_->https = scheme == "https";
    if (impl_->https && !options.tls) throw std::invalid_argument("https URL needs a TLS context");
    impl_->host = url->host_address();
    impl_->port = url->has_port() ? std::string(url->port()) : (impl_->https ? "443" : "80");
    impl_->host_header = url->has_port() ? std::string(url->encoded_host_and_port())
                                         : std::string(url->encoded_host());
    impl_->base_path = url->encoded_path();
    while (!impl_->base_path.empty() && impl_->base_path.back() == '/') impl_->base_path.pop_back();
    impl_->options = std::move(options);
}

http_client::~http_client() = default;
http_client::http_client(http_client&&) noexcept = default;
http_client& http_client::operator=(http_client&&) noexcept = default;

const std::string& http_client::host() const {
    return impl_->host;
}
const std::string& http_client::port() const {
    return impl_->port;
}

http_reply http_client::send(const http_call& call) {
    request req{call.method, impl_->base_path + call.target, 11};
    req.set(http::field::host, impl_->host_header);
    req.set(http::field::user_agent, "mxconform");
    for (const auto& [k, v] : call.headers) req.set(k, v);
    if (!call.body.empty() || call.method == http::verb::put || call.method == http::verb::post) {
        if (req[http::field::content_type].empty())
            req.set(http::field::content_type, "application/json");
        req.body() = call.body;
    }
    req.prepare_payload();

    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + call.timeout;
    std::optional<http_reply> reply;
    std::exception_ptr failure;
    auto& ioc = impl_->ioc;
    impl_->on_written = &call.on_written;
    ioc.restart();
    asio::co_spawn(ioc, impl_->run(std::move(req), deadline),
                   [&](std::exception_ptr e, http_reply r) {
                       if (e)
                           failure = e;
                       else
                           reply = std::move(r);
                   });
    ioc.run();
    if (failure) {
        impl_->drop();
        const std::string what =
            fmt::format("{} {}:{}{}", std::string(http::to_string(call.method)), impl_->host,
                        impl_->port, call.target.substr(0, call.target.find('?')));
        try {
            std::rethrow_exception(failure);
        } catch (const transport_error&) {
            throw;
        } catch (const beast::system_error& e) {
            if (e.code() == beast::error::timeout)
                throw deadline_error(fmt::format("{}: no complete response within {} ms", what,
                                                 call.timeout.count()));
            throw transport_error(fmt::format("{}: {}", what, e.code().message()));
        }
    }
    reply->elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    return std::move(*reply);
}

}  // namespace mxc::net
