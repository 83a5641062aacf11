// The send-to-device module itself: PUT /sendToDevice and the to_device part of /sync.
#pragma once

#include "refserver/api.hpp"

namespace mxc::refserver {

class to_device {
  public:
    explicit to_device(server_state& s) : s_(s) {}

    // PUT /_matrix/client/{r0,v3}/sendToDevice/{eventType}/{txnId}
    // Answers once the message is durable (group_commit), so a 200 survives kill -9.
    net::asio::awaitable<json_reply> send(const api_request& r, const std::string& event_type,
                                          const std::string& txn_id);
    // GET /_matrix/client/{r0,v3}/sync; may wait for a message up to the client's timeout.
    net::asio::awaitable<json_reply> sync(const api_request& r);

  private:
    server_state& s_;
};

// The least time the min-sync-timeout fault holds a /sync whose timeout is above 0 (its row
// in faults.cpp names the figure too).
constexpr std::chrono::milliseconds min_sync_timeout_hold{15'000};

// The next_batch token: what a later /sync with it acknowledges (every message of the device
// up to `ack`), what the response had seen (`seen`, the highest stream id then), and the
// device it was issued to, so another device's token acknowledges nothing here. "s" starts an
// ordinary token, "i" the special one an initial /sync issues under the static-initial-token
// fault (the rest is the same: "s12_15_3", "i12_15_3").
struct sync_token {
    std::int64_t ack = 0;
    std::int64_t seen = 0;
    std::int64_t device_row = 0;
    bool initial = false;  // the static-initial-token fault's special token

    std::string encode() const;
    static std::optional<sync_token> decode(std::string_view s);
};

}  // namespace mxc::refserver
