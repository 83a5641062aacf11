// An asynchronous HTTP/1.1 server on Boost.Beast with C++20 coroutines: keep-alive, a deadline
// on every read and write, optional TLS. What to answer is the handler's business alone.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "net/beast.hpp"

namespace mxc::net {

struct connection_info {
    tcp::endpoint remote;
    bool tls = false;
};

// A handler throws this to close the connection without answering (a server that drops it).
struct drop_connection {};

// The handler may suspend (a long-poll does); it runs on the server's io_context.
using handler = std::function<asio::awaitable<response>(request&, const connection_info&)>;

// Builds the answer to a request the server itself refuses (too large, unparsable).
using error_responder = std::function<response(http::status, const std::string& message)>;

struct server_options {
    std::size_t body_limit = 4 * 1024 * 1024;
    std::size_t header_limit = 16 * 1024;
    // How long a client may take to send a whole request, and an idle keep-alive connection lives.
    std::chrono::milliseconds read_timeout{30'000};
    std::chrono::milliseconds write_timeout{30'000};
    std::shared_ptr<ssl::context> tls;  // null: plain HTTP
    error_responder on_refused;         // null: a plain-text body
    // Cancel a waiting handler (a /sync long-poll) as soon as its client closes the connection,
    // so nothing is held for the rest of the poll's timeout (issue 12). Only for handlers whose
    // one cancellable wait is such a poll: cancelling interrupts the handler at that wait. Asked
    // per request, since watching the peer costs every request a spawned coroutine and a
    // receive (about a tenth of the reference server's CPU per send, bench/README.md); null:
    // never.
    std::function<bool(const request&)> release_on_disconnect;
};

class http_server {
  public:
    http_server(asio::io_context& ioc, server_options options, handler h);
    ~http_server();
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;

    // Binds and starts accepting; returns the bound endpoint (port 0 picks a free one).
    tcp::endpoint listen(const tcp::endpoint& where);
    // Stops accepting and closes every open connection. Call on the io_context's thread.
    void stop();
    // Connections open now; any thread may ask.
    std::size_t open_connections() const;

    struct state;  // shared with the connections' coroutines; defined in the .cpp

  private:
    std::shared_ptr<state> state_;
};

}  // namespace mxc::net
