// The benchmark's phases against a running server: the accounts they need, two send phases,
// the drains that follow them, and the long-poll wake-up loop. Each phase is bounded by its
// counts and by a deadline on every request.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "bench/bench_client.hpp"
#include "bench/options.hpp"
#include "bench/stats.hpp"

namespace mxc::bench {

struct target {
    std::string base_url;
    unsigned short port = 0;
};

struct accounts {
    std::vector<session> senders;     // one per client thread, and one for the latency phase
    std::vector<session> recipients;  // 100 devices of one user: the 100-device requests' fan-out
    session poller;                   // the device that long-polls in the latency phase
};

// The per-request fan-out of the batch phase, and the /sync limit the drain relies on.
inline constexpr std::size_t fanout = 100;

accounts create_accounts(const target& t, std::size_t threads);

// Each thread sends its share of o.messages, one message per request, to a device of its own.
throughput send_one_device_per_request(const options& o, const target& t, const accounts& a);
// Each thread sends requests that carry one message for each of the 100 recipient devices.
throughput send_fanout_requests(const options& o, const target& t, const accounts& a);
// The threads share out the devices and /sync each until empty, acknowledging as they go;
// throws unless exactly `expected` messages come out.
throughput drain(const options& o, const target& t, std::string name,
                 std::span<const session> devices, std::size_t expected);

struct wake_up_figures {
    latency wake_up;  // PUT issued → the parked /sync's response fully read
    latency send;     // PUT issued → its 200 read, for comparison
    cpu_times cpu;
};
// The waits: a parked long-poll woken by one message, o.iterations times.
wake_up_figures measure_wake_up(const options& o, const target& t, const session& sender,
                                const session& poller);

// Proves the ordering measure_wake_up relies on: against a server started with the no-wake
// fault, counts the rounds whose poll was already parked when the message was sent.
struct parking_check {
    std::size_t rounds = 0;
    std::size_t parked = 0;
};
parking_check check_parking(const target& no_wake_server, std::size_t rounds);

}  // namespace mxc::bench
