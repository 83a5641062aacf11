#include "badtarget/fake_server.hpp"

#include <thread>

#include "net/http_server.hpp"

namespace mxc::badtarget {

namespace http = net::http;
namespace asio = net::asio;

struct fake_server::impl {
    answer_fn answer;
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

fake_server::fake_server(answer_fn answer) : impl_(std::make_unique<impl>()) {
    impl_->answer = std::move(answer);
    net::server_options o;
    o.read_timeout = std::chrono::seconds(30);
    auto* self = impl_.get();
    impl_->server = std::make_unique<net::http_server>(
        impl_->ioc, o,
        [self](net::request& req, const net::connection_info&) { return self->handle(req); });
    impl_->bound = impl_->server->listen({asio::ip::address_v4::loopback(), 0});
    impl_->thread = std::thread([self] { self->ioc.run(); });
}

fake_server::~fake_server() {
    auto* self = impl_.get();
    asio::post(self->ioc, [self] {
        self->hold.cancel();
        self->server->stop();
    });
    self->thread.join();
}

std::string fake_server::url() const {
    return "http://127.0.0.1:" + std::to_string(impl_->bound.port());
}

std::vector<std::string> fake_server::seen() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

namespace {
net::response make(http::status status, const char* type, std::string body) {
    net::response res{status, 11};
    res.set(http::field::content_type, type);
    res.body() = std::move(body);
    return res;
}
}  // namespace

net::response html_page() {
    return make(http::status::ok, "text/html",
                "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head>"
                "<body><h1>It works</h1></body></html>\n");
}

net::response versions_ok() {
    return make(http::status::ok, "application/json", R"({"versions":["r0.6.1","v1.1","v1.11"]})");
}

net::response registered() {
    return make(http::status::ok, "application/json",
                R"({"user_id":"@mxc:fake.test","device_id":"FAKEDEVICE","access_token":"t0k3n"})");
}

net::response not_json() {
    return make(http::status::ok, "application/json", std::string("\x00\xff<<garbage>>{{{", 16));
}

net::response huge_body(std::size_t bytes) {
    // Valid JSON, flat: size is the hostility here, not nesting.
    return make(http::status::ok, "application/json",
                "{\"pad\":\"" + std::string(bytes, 'x') + "\"}");
}

}  // namespace mxc::badtarget
