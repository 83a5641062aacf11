#include "support/scripted_server.hpp"

#include <mutex>
#include <thread>

#include "net/http_server.hpp"

namespace mxc::test {

namespace http = net::http;
namespace asio = net::asio;

struct scripted_server::impl {
    answer_fn answer;
    bool tls = false;
    asio::io_context ioc;
    // Held requests wait on this timer; it never expires, the destructor cancels it.
    asio::steady_timer hold{ioc, asio::steady_timer::time_point::max()};
    std::unique_ptr<net::http_server> server;
    net::tcp::endpoint bound;
    std::thread thread;
    mutable std::mutex mutex;
    std::vector<std::string> seen;

    asio::awaitable<net::response> handle(net::request& req) {
        {
            std::lock_guard lock(mutex);
            seen.push_back(std::string(req.method_string()) + " " + std::string(req.target()));
        }
        if (auto res = answer(req)) co_return std::move(*res);
        co_await hold.async_wait(asio::as_tuple(asio::use_awaitable));
        net::response gone{http::status::service_unavailable, req.version()};
        gone.keep_alive(false);
        co_return gone;
    }
};

scripted_server::scripted_server(answer_fn answer, std::shared_ptr<net::ssl::context> tls)
    : impl_(std::make_unique<impl>()) {
    impl_->answer = std::move(answer);
    impl_->tls = tls != nullptr;
    net::server_options o;
    o.read_timeout = std::chrono::seconds(30);
    o.tls = std::move(tls);
    auto* self = impl_.get();
    impl_->server = std::make_unique<net::http_server>(
        impl_->ioc, o,
        [self](net::request& req, const net::connection_info&) { return self->handle(req); });
    impl_->bound = impl_->server->listen({asio::ip::address_v4::loopback(), 0});
    impl_->thread = std::thread([self] { self->ioc.run(); });
}

scripted_server::~scripted_server() {
    auto* self = impl_.get();
    asio::post(self->ioc, [self] {
        self->hold.cancel();
        self->server->stop();
    });
    self->thread.join();
}

std::string scripted_server::host_port() const {
    return "127.0.0.1:" + std::to_string(impl_->bound.port());
}

std::string scripted_server::url() const {
    return (impl_->tls ? "https://" : "http://") + host_port();
}

std::vector<std::string> scripted_server::seen() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

}  // namespace mxc::test
