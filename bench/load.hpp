// The load mode (issue 12, "Under load"): many senders to many devices at once against
// `mxconform serve` in a child process, with the child killed (SIGKILL) half-way and started
// again on the same database, while every device syncs throughout. It checks what a client may
// count on: every message answered 200 is delivered exactly once, in order per sender→device
// pair, and nothing else is; a request left unanswered by the kill is delivered at most once,
// and exactly once when its client retries it with the same txnId.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bench/serve_child.hpp"

namespace mxc::bench {

struct load_options {
    std::size_t senders = 8;          // threads, each a device of its own with a connection
    std::size_t requests = 20'000;    // answered sendToDevice requests in all; the kill at half
    std::size_t payload_bytes = 256;  // per message
};

// Recipients: 3 users with 2 devices each; every request carries a message for 3 of the 6.
inline constexpr std::size_t load_devices = 6;
inline constexpr std::size_t load_devices_per_request = 3;

struct load_figures {
    std::size_t answered_before_kill = 0, answered_after_restart = 0;
    // Requests whose answer the kill took: retried with their txnId (even senders) or abandoned
    // (odd senders); how many of the abandoned were delivered all the same.
    std::size_t unanswered_retried = 0, unanswered_abandoned = 0, abandoned_delivered = 0;
    std::size_t delivered = 0;  // messages the devices received, end markers aside
    double seconds_before_kill = 0, seconds_after_restart = 0;
    double restart_seconds = 0;  // SIGKILL to /versions answering again
    // Empty when every promise above held; else one line per broken one (the first few).
    std::vector<std::string> violations;
};

// Throws when the server cannot be started or the accounts made; a broken promise is a
// violation, not an exception.
load_figures run_load(const load_options& o, serve_child& server);

}  // namespace mxc::bench
