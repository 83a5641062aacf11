// A blocking HTTP/1.1 client with a deadline on every request, one keep-alive connection, and
// optional TLS. Each call runs its own io_context, so a client belongs to one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "net/beast.hpp"

namespace mxc::net {

// Transport trouble: refused, reset, timed out, not HTTP. The message names the peer and the step.
class transport_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The peer accepted the request but gave no complete response before the call's deadline: for a
// /sync held past its deadline, a finding about the server rather than transport trouble.
class deadline_error : public transport_error {
  public:
    using transport_error::transport_error;
};

struct client_options {
    std::chrono::milliseconds connect_timeout{5'000};
    // A response body larger than this is an error: 16 MiB is hundreds of times any answer the
    // suites read, and bounds what one request in flight holds (issue 12, "Hostile peers").
    std::size_t body_limit = 16 * 1024 * 1024;
    std::shared_ptr<ssl::context> tls;  // required for https URLs
    std::string tls_server_name;        // SNI and certificate name; empty: none (IP literal)
};

struct http_reply {
    unsigned status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::microseconds elapsed{0};

    std::string header(std::string_view name) const;
};

struct http_call {
    http::verb method = http::verb::get;
    std::string target;  // origin-form: path and query, already percent-encoded
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds timeout{10'000};
    // Called once the whole request is on the wire (a long-poll is then waiting at the server).
    std::function<void()> on_written;
};

class http_client {
  public:
    // base: "http://host:port" or "https://host:port"; a path in it prefixes every target.
    explicit http_client(const std::string& base, client_options options = {});
    ~http_client();
    http_client(http_client&&) noexcept;
    http_client& operator=(http_client&&) noexcept;

    http_reply send(const http_call& call);
    const std::string& host() const;
    const std::string& port() const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace mxc::net
