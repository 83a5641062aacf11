// An HTTP server of the test's own on 127.0.0.1 and an ephemeral port, on its own thread and
// io_context, for the peer a test needs broken or silent (a hostile target, an origin that
// never publishes its keys). Building the answer is a pure function of the request (STYLE.md,
// from Beast's examples); no answer at all means "hold the request until the server stops".
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/beast.hpp"

namespace mxc::test {

using answer_fn = std::function<std::optional<net::response>(const net::request&)>;

class scripted_server {
  public:
    // tls: serve HTTPS with this context; null: plain HTTP.
    explicit scripted_server(answer_fn answer, std::shared_ptr<net::ssl::context> tls = nullptr);
    ~scripted_server();  // releases held requests, closes every connection, joins the thread
    scripted_server(const scripted_server&) = delete;
    scripted_server& operator=(const scripted_server&) = delete;

    std::string host_port() const;          // 127.0.0.1:PORT, a Matrix server name
    std::string url() const;                // http(s)://127.0.0.1:PORT
    std::vector<std::string> seen() const;  // "METHOD target" of every request, in order

    struct impl;

  private:
    std::unique_ptr<impl> impl_;
};

}  // namespace mxc::test
