// A /sync long-poll whose request and response are separate steps, so the benchmark knows
// when the request has left (and can make sure the server parked it) before it sends the
// message that should wake it. The blocking http_client cannot split a call that way.
#pragma once

#include <chrono>
#include <string>

#include "net/beast.hpp"

namespace mxc::bench {

class parked_poll {
  public:
    // Connects to 127.0.0.1:port; throws if that takes more than a few seconds.
    explicit parked_poll(unsigned short port);
    parked_poll(const parked_poll&) = delete;
    parked_poll& operator=(const parked_poll&) = delete;

    // Returns once the whole request is written: on loopback it is then in the server's socket.
    void send(const std::string& target, const std::string& access_token);
    // The response body; throws unless 200 within the timeout.
    std::string receive(std::chrono::milliseconds timeout);

  private:
    // Runs the io_context until the one pending operation ends; its deadline bounds the wait.
    void run_one_operation();

    net::asio::io_context ioc_;
    net::beast::tcp_stream stream_;
    net::beast::flat_buffer buffer_;
    net::request request_;
};

}  // namespace mxc::bench
