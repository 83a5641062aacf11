// A remote homeserver for the federation tests, on loopback TLS with a certificate from
// test_ca(): it publishes its signing key, records every PUT /send the server under test makes
// and answers it as scripted, and sends signed requests of its own to that server.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fixture.hpp"
#include "matrix/signing.hpp"
#include "net/http_server.hpp"

namespace mxc::test {

class fake_remote {
  public:
    // One PUT /_matrix/federation/v1/send/{txnId} as received, with the status it got.
    struct transaction {
        std::string txn_id;
        std::string uri;
        json body;
        std::vector<std::string> authorization;
        unsigned answered = 0;
    };

    fake_remote();
    ~fake_remote();
    fake_remote(const fake_remote&) = delete;
    fake_remote& operator=(const fake_remote&) = delete;

    const std::string& server_name() const { return name_; }  // "127.0.0.1:PORT"
    const matrix::signing_key& key() const { return key_; }

    std::vector<transaction> transactions() const;
    // The next /send requests get these statuses, in order; every later one 200. Status 0: no
    // answer at all (the request waits until the remote goes down).
    void answer_next(std::vector<unsigned> statuses);
    // From now on key requests get no answer either; and how many were made so far.
    void hang_key_requests() { hang_keys_ = true; }
    std::size_t key_requests() const { return key_requests_; }
    // Stops listening (connections are refused), then listens again on the same port.
    void down();
    void up();

    // {origin, origin_server_ts, pdus: [], edus} from this remote.
    json transaction_body(const json& edus) const;
    // The request a remote makes: PUT /send/{txn_id} signed with key for the destination.
    net::http_call signed_send(const std::string& destination, const std::string& txn_id,
                               const json& body, const matrix::signing_key& key) const;
    // Sends call to the server's federation listener, trusting test_ca().
    api_reply call(const test_server& to, const net::http_call& call) const;
    // PUT /send/{txn_id} with edus, signed with key().
    api_reply send(const test_server& to, const std::string& txn_id, const json& edus) const;

  private:
    net::asio::awaitable<net::response> handle(net::request& req);
    // Never answers: waits far longer than any test, then drops the connection.
    static net::asio::awaitable<net::response> hang();
    void on_io_thread(const std::function<void()>& work);
    void listen();

    matrix::signing_key key_;
    std::string name_;
    unsigned short port_ = 0;
    mutable std::mutex mutex_;
    std::vector<transaction> received_;
    std::deque<unsigned> script_;
    std::atomic<bool> hang_keys_{false};
    std::atomic<std::size_t> key_requests_{0};
    net::asio::io_context ioc_;
    net::asio::executor_work_guard<net::asio::io_context::executor_type> work_;
    std::shared_ptr<net::ssl::context> tls_;
    std::unique_ptr<net::http_server> http_;
    std::thread thread_;
};

}  // namespace mxc::test
