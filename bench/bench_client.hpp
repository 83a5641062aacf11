// The few client-API calls the benchmark makes, on one keep-alive connection, each with a
// deadline. Anything but the expected status is an error: a benchmark of failures is no benchmark.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "net/http_client.hpp"

namespace mxc::bench {

struct session {
    std::string user_id;
    std::string device_id;
    std::string access_token;
};

struct sync_batch {
    std::string next_batch;
    std::size_t events = 0;
};

// Bounds every call that is not a long-poll; generous, since a loaded 2-core machine stalls.
inline constexpr std::chrono::milliseconds request_timeout{10'000};

class bench_client {
  public:
    explicit bench_client(const std::string& base_url);

    // Registration with m.login.dummy user-interactive auth, as a new client does it.
    session register_user(const std::string& localpart, const std::string& password);
    // Another device of the same user.
    session login(const std::string& user_id, const std::string& password);
    // PUT sendToDevice with a prepared body; throws unless 200.
    void send_to_device(const session& from, const std::string& txn_id, std::string body);
    // GET /sync; with since, also acknowledges what the response that issued it listed.
    sync_batch sync(const session& as, const std::optional<std::string>& since, int timeout_ms);
    // The same, with the whole response body (the load mode reads every event).
    nlohmann::json sync_body(const session& as, const std::optional<std::string>& since,
                             int timeout_ms);
    // GET /versions: cheap, no database; used to order work on the single-threaded server.
    void versions();

  private:
    net::http_client http_;
};

// The event type every benchmark message carries.
inline constexpr const char* event_type = "org.mxconform.bench";

// Percent-encodes everything outside RFC 3986's unreserved set, for path segments and queries.
std::string url_encode(const std::string& s);

}  // namespace mxc::bench
