// The mock remote homeserver: a second, strict federation server that the harness runs for a
// case. It has a fresh Ed25519 key and a fresh port, so a fresh server name 127.0.0.1:PORT, and
// serves HTTPS with a leaf certificate from mxconform's CA. Its route table answers what a
// homeserver asks a peer while sending it to-device messages (keys, version, user devices,
// profile) and receives the target's transactions: each is checked (X-Matrix against the
// target's published keys, origin, destination, limits), recorded, and answered 200 — or, on
// cue, 500, nothing (held until the target gives up) or a dropped connection. Any other request
// is a problem of the target's unless its path was allowed. It also sends signed transactions
// of its own to the target. It knows nothing of cases: the steps read what it recorded and
// judge.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "matrix/key_fetcher.hpp"
#include "matrix/mock_routes.hpp"
#include "matrix/outgoing_transaction.hpp"
#include "matrix/signing.hpp"
#include "net/http_server.hpp"
#include "net/tls_certs.hpp"

namespace mxc::matrix {

using json = nlohmann::json;

// How the mock answers the next /send transactions, on cue.
enum class mock_failure { status_400, status_500, time_out, drop };

// One PUT /send/{txnId} as the mock saw it.
struct mock_transaction {
    std::size_t request_index = 0;
    std::string txn_id;
    json body;               // null when the body was not JSON
    std::vector<json> edus;  // body.edus as sent
    unsigned status = 0;     // what the mock answered (0: held or dropped)
    bool replay = false;     // a txnId already answered 200
    bool accepted() const { return status == 200 && !replay; }
};

// The contents of the m.direct_to_device EDUs of accepted transactions, in arrival order.
json direct_to_device_edus(const std::vector<mock_transaction>& transactions);

struct mock_options {
    std::string listen_host = "127.0.0.1";
    const net::certificate_authority* ca = nullptr;  // issues the mock's certificate
    std::string target_server_name;                  // who the mock expects requests from
    key_fetcher* target_keys = nullptr;  // the target's published keys (null: not verified)
    // How long a "time out" cue holds a request before closing the connection.
    std::chrono::milliseconds hold_for{60'000};
    std::size_t body_limit = 16 * 1024 * 1024;
    // Path prefixes the target may ask for although no route takes them: answered 404, but not
    // counted as a problem (a case that knows its target also asks for these).
    std::vector<std::string> allowed;
    // Sees every request once answered (or given up on), on the mock's own thread.
    std::function<void(const mock_request&)> on_request;
};

class mock_remote {
  public:
    explicit mock_remote(mock_options options);
    ~mock_remote();  // stops
    mock_remote(const mock_remote&) = delete;
    mock_remote& operator=(const mock_remote&) = delete;

    // Makes the key and certificate, binds 127.0.0.1 on a fresh port and serves on a thread of
    // its own. Throws std::runtime_error with one line when it cannot.
    void start();
    void stop();
    // The mock becomes unreachable: open connections are closed, and new ones are accepted and
    // closed at once, before TLS (as a server that is gone would reset them), and counted. up()
    // serves again on the same port, so the server name stays.
    void down();
    void up();
    // Connections closed unanswered while down.
    int refused_connections() const;
    bool wait_for_refused(int count, std::chrono::milliseconds within) const;

    const std::string& server_name() const { return server_name_; }
    std::string base_url() const;  // https://127.0.0.1:PORT
    const signing_key& key() const { return *key_; }

    // The next `count` transactions fail as told; later ones are answered 200 again.
    void fail_next(mock_failure how, int count);
    // Drops the failures fail_next queued and not yet used: transactions are answered 200 again.
    void answer_normally();
    // Devices the mock reports for one of its users (GET /user/devices).
    void add_device(const std::string& user_id, const std::string& device_id);
    // Adds a route, or replaces a built-in one (same method and template). Any time.
    void route(mock_route r);

    // Sends a transaction to the target's federation API at url as this server: origin
    // defaults to server_name(), the signature is made with key().
    sent_transaction send_transaction(outgoing_transaction t, const std::string& url,
                                      const net::client_options& options,
                                      std::chrono::milliseconds timeout) const;

    // Answers one request as the listener does, on the caller's executor and without a socket
    // (fuzz/mock_remote.cpp). After start(), which makes the key and name the answers carry.
    net::asio::awaitable<net::response> handle(net::request& req);

    std::vector<mock_request> requests() const;
    std::vector<mock_transaction> transactions() const;

    // Waits until done(transactions) holds or the deadline passes; returns whether it held.
    bool wait_for(const std::function<bool(const std::vector<mock_transaction>&)>& done,
                  std::chrono::milliseconds within) const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
    std::optional<signing_key> key_;
    std::string server_name_;
};

}  // namespace mxc::matrix
