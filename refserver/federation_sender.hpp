// Sends the federation outbox: per destination one transaction in flight, at most 100 EDUs
// each, retried with backoff until the destination answers 200 (server-server API,
// "Transactions": a sender must wait for a 200 before using another txnId). The HTTP requests
// run on the thread pool; every store access stays on the server's io_context thread.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "matrix/signing.hpp"
#include "refserver/api.hpp"

namespace mxc::refserver {

class federation_sender {
  public:
    // executor: the server's io_context, where the senders run; pool: where requests block.
    federation_sender(server_state& s, const matrix::signing_key& key,
                      net::asio::any_io_executor executor, net::asio::thread_pool& pool,
                      std::shared_ptr<net::ssl::context> tls);

    // Starts a sender for every destination with queued EDUs (those left by a previous run).
    void start();
    // New EDUs for destination: starts its sender at once unless one is already running.
    void wake(const std::string& destination);

  private:
    struct transaction;
    struct outcome {
        unsigned status = 0;  // 0: no HTTP answer
        std::string detail;   // the transport error, or the start of the answer's body
    };

    net::asio::awaitable<void> run(std::string destination);
    net::asio::awaitable<outcome> put(const std::string& destination, const transaction& txn);
    void log(const std::string& line) const;

    server_state& s_;
    const matrix::signing_key& key_;
    net::asio::any_io_executor executor_;
    net::asio::thread_pool& pool_;
    std::shared_ptr<net::ssl::context> tls_;
    std::set<std::string> running_;  // destinations whose sender is running
    // txnIds are "<start ms>.<counter>": unique for this server's lifetime and across restarts.
    std::int64_t started_ms_;
    std::uint64_t next_txn_ = 0;
};

}  // namespace mxc::refserver
