// A server on 127.0.0.1 that plays one row of the corpus (behaviours.hpp) on the requests a
// test picks and answers the others fairly, or misbehaves in the TLS handshake itself. Unlike
// test::scripted_server it writes raw bytes, so it can break framing, timing and TLS. It runs on
// a thread of its own; the destructor drops every connection, whatever it was doing.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "hostile/behaviours.hpp"
#include "net/beast.hpp"

namespace mxc::hostile {

// How a connection starts, before any HTTP.
enum class handshake {
    plain,          // HTTP
    tls,            // TLS with the given context (its certificate may be the hostility)
    not_tls,        // reads the ClientHello, answers with HTTP text
    silent,         // accepts, and never says a word
    close_at_once,  // accepts and closes
};

struct hostile_options {
    const behaviour* row = nullptr;  // null: every request answered fairly
    // Whether a request gets the row; the others get fair(request).
    std::function<bool(const net::request&)> victim = [](const net::request&) { return true; };
    std::function<net::response(const net::request&)> fair;
    handshake start = handshake::plain;
    std::shared_ptr<net::ssl::context> tls;  // for handshake::tls
};

class hostile_server {
  public:
    explicit hostile_server(hostile_options options);
    ~hostile_server();
    hostile_server(const hostile_server&) = delete;
    hostile_server& operator=(const hostile_server&) = delete;

    std::string url() const;  // http(s)://127.0.0.1:PORT
    unsigned short port() const;
    int victims() const;  // requests that got the row so far

    struct impl;

  private:
    std::unique_ptr<impl> impl_;
};

}  // namespace mxc::hostile
