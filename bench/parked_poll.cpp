#include "bench/parked_poll.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace mxc::bench {

namespace asio = net::asio;
namespace beast = net::beast;
namespace http = net::http;

namespace {

constexpr std::chrono::seconds connect_timeout{5};
constexpr std::chrono::seconds write_timeout{5};

}  // namespace

parked_poll::parked_poll(unsigned short port) : stream_(ioc_) {
    beast::error_code result;
    stream_.expires_after(connect_timeout);
    stream_.async_connect(net::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                          [&](beast::error_code ec) { result = ec; });
    run_one_operation();
    if (result)
        throw std::runtime_error(
            fmt::format("long-poll connection to port {}: {}", port, result.message()));
    // Without it Nagle's algorithm could hold a small write back and add to the latency.
    stream_.socket().set_option(net::tcp::no_delay(true));
}

void parked_poll::run_one_operation() {
    ioc_.restart();
    ioc_.run();
}

void parked_poll::send(const std::string& target, const std::string& access_token) {
    request_ = net::request{http::verb::get, target, 11};
    request_.set(http::field::host, "127.0.0.1");
    request_.set(http::field::authorization, "Bearer " + access_token);
    request_.prepare_payload();
    beast::error_code result;
    stream_.expires_after(write_timeout);
    http::async_write(stream_, request_, [&](beast::error_code ec, std::size_t) { result = ec; });
    run_one_operation();
    if (result) throw std::runtime_error("writing the long-poll request: " + result.message());
}

std::string parked_poll::receive(std::chrono::milliseconds timeout) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    beast::error_code result;
    stream_.expires_after(timeout);
    http::async_read(stream_, buffer_, parser,
                     [&](beast::error_code ec, std::size_t) { result = ec; });
    run_one_operation();
    if (result) throw std::runtime_error("reading the long-poll response: " + result.message());
    auto res = parser.release();
    if (res.result_int() != 200)
        throw std::runtime_error(
            fmt::format("long-poll /sync answered {}: {}", res.result_int(), res.body()));
    return std::move(res.body());
}

}  // namespace mxc::bench
