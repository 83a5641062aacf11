// What the reference server's HTTP-level tests share: an embedded server on an ephemeral
// loopback port with a fresh database and chosen faults, and a small Matrix client that speaks
// to it over real HTTP. The "must_" helpers throw on an unexpected answer (GoogleTest reports
// the exception as the test's failure); the plain calls return the raw reply for negative tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "net/http_client.hpp"
#include "net/tls_certs.hpp"
#include "refserver/server.hpp"
#include "support/temp_dir.hpp"

namespace mxc::test {

using json = nlohmann::json;
using namespace std::chrono_literals;

// The event type of the messages the tests send.
inline constexpr const char* type = "org.example.test";
namespace http = net::http;

// One certificate authority for every test of the process, in a temp dir of its own.
const net::certificate_authority& test_ca();
// Trust in test_ca() only.
net::tls_trust test_trust();

struct server_options {
    std::vector<refserver::fault> faults;
    std::string registration_shared_secret;
    std::size_t max_body_bytes = 64 * 1024;
    // The federation listener on 127.0.0.1 with a certificate from test_ca(), trusting only
    // test_ca(), with short retries so that tests of failures stay quick.
    bool federation = false;
};

// An embedded reference server on 127.0.0.1, port 0, its database in a temp dir of its own.
// restart() stops it and starts a new one on the same database (and a new client port; the
// federation port is kept, as the server name names it).
class test_server {
  public:
    explicit test_server(server_options options = {});
    test_server(std::initializer_list<refserver::fault> faults);
    ~test_server();

    void restart();
    std::string base_url() const { return srv_->base_url(); }
    const std::string& server_name() const { return srv_->server_name(); }
    std::filesystem::path db_path() const { return dir_.path() / "refserver.db"; }
    std::string federation_url() const { return srv_->federation_url(); }
    std::size_t open_connections() const { return srv_->open_client_connections(); }
    // Every line the server logged so far, and whether one contains text.
    std::vector<std::string> log_lines() const;
    bool logged(const std::string& text) const;

  private:
    void start();

    temp_dir dir_;
    server_options options_;
    std::string server_name_;  // fixed after the first start, so user ids survive a restart
    unsigned short port_ = 0;
    unsigned short federation_port_ = 0;
    mutable std::mutex log_mutex_;
    std::vector<std::string> log_;
    std::unique_ptr<refserver::server> srv_;
};

struct api_reply {
    unsigned status = 0;
    json body;  // null when the body is not JSON
    std::string raw;
    std::chrono::microseconds elapsed{0};

    // What the server answered; a body that is not JSON is kept in raw, with body null.
    static api_reply from(net::http_reply r);
    std::string errcode() const;
    std::string describe() const;  // "STATUS BODY", for failure messages
};

// A user's device as the server returned it: ids and token are opaque (DESIGN.md).
struct account {
    std::string user_id;
    std::string device_id;
    std::string access_token;
    std::string password;
};

// One HTTP connection to a server; not for use by two threads at once.
class client {
  public:
    explicit client(const std::string& base_url, std::string prefix = "/_matrix/client/v3");

    // Raw calls. target is appended to the server's base URL as it is (no prefix).
    api_reply call(http::verb method, const std::string& target, const std::string& body = {},
                   const std::string& token = {}, std::chrono::milliseconds timeout = 10s);
    api_reply call_json(http::verb method, const std::string& target, const json& body,
                        const std::string& token = {});
    // Prefixed with the client-server API prefix, e.g. "/sync" -> "/_matrix/client/v3/sync".
    std::string path(const std::string& rest) const { return prefix_ + rest; }

    // Registration with user-interactive auth done properly: fetch the session, then
    // complete the m.login.dummy stage.
    account must_register(const std::string& localpart, const std::string& password = "secret-pw");
    account must_login(const std::string& user_id, const std::string& password,
                       const std::string& device_id = {});
    // DELETE /devices/{id} with the m.login.password stage.
    void must_delete_device(const account& as, const std::string& device_id);

    api_reply send_to_device(const account& as, const std::string& type, const std::string& txn_id,
                             const json& messages);
    void must_send(const account& as, const std::string& type, const std::string& txn_id,
                   const json& messages);

    api_reply sync(const account& as, const std::optional<std::string>& since = std::nullopt,
                   std::chrono::milliseconds timeout = 0ms);
    json must_sync(const account& as, const std::optional<std::string>& since = std::nullopt,
                   std::chrono::milliseconds timeout = 0ms);

  private:
    net::http_client http_;
    std::string prefix_;
};

// Proves a negative without sleeping: sends a sentinel from `from` to `to`, then syncs
// (acknowledging as it goes) until the sentinel arrives, and returns every other event seen by
// then, acknowledging them all. Whatever was stored before the sentinel is listed before it, so
// a message missing here was not delivered at all.
json events_until_sentinel(client& c, const account& from, const account& to);

// Starts a /sync long-poll for `as` (whose inbox must be empty) on a thread of its own and
// returns once the server holds it: the poll acknowledges a marker message as it starts, so the
// marker's absence from a /sync without since shows that the poll is waiting.
std::future<api_reply> hold_long_poll(const std::string& base_url, client& c, const account& as,
                                      std::chrono::milliseconds timeout);

// The to_device events of a /sync body, and the "seq" of each event's content.
json to_device_events(const json& sync_body);
std::vector<int> seqs(const json& sync_body);
// The seqs from, from + 1, ..., to - 1: what a run of sends numbered so delivers.
std::vector<int> range(int from, int to);

// {user: {device: content}} for one recipient.
json to_one(const account& to, const json& content);

// Percent-encodes a path segment or query value.
std::string encode(const std::string& s);

// Polls until check() is true, yielding briefly between attempts; false at the deadline.
bool wait_until(const std::function<bool()>& check, std::chrono::milliseconds deadline = 10s);

}  // namespace mxc::test
