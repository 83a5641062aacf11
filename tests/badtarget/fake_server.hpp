// A hostile or broken "homeserver" for end-to-end tests: an HTTP server on 127.0.0.1 and an
// ephemeral port, on its own thread and io_context. Building the answer is a pure function of
// the request (STYLE.md, from Beast's examples); no answer at all means "hold the request
// until the server stops".
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/beast.hpp"

namespace mxc::badtarget {

using answer_fn = std::function<std::optional<net::response>(const net::request&)>;

class fake_server {
  public:
    explicit fake_server(answer_fn answer);
    ~fake_server();  // releases held requests, closes every connection, joins the thread
    fake_server(const fake_server&) = delete;
    fake_server& operator=(const fake_server&) = delete;

    std::string url() const;                // http://127.0.0.1:PORT
    std::vector<std::string> seen() const;  // "METHOD target" of every request, in order

    struct impl;

  private:
    std::unique_ptr<impl> impl_;
};

// Answers used by the tests.
net::response html_page();
net::response versions_ok();
net::response registered();  // a plausible /register answer
net::response not_json();
net::response huge_body(std::size_t bytes);  // flat JSON of about that size

}  // namespace mxc::badtarget
