// Figures the report prints: a throughput phase and a latency distribution.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bench/cpu_clock.hpp"

namespace mxc::bench {

struct throughput {
    std::string name;
    std::size_t messages = 0;
    std::size_t requests = 0;
    double seconds = 0;
    cpu_times cpu;

    double messages_per_second() const { return seconds > 0 ? messages / seconds : 0; }
    double requests_per_second() const { return seconds > 0 ? requests / seconds : 0; }
    // What the server could do with a core to itself, I/O waits aside: hardly moved by load.
    double messages_per_server_cpu_second() const {
        return cpu.server_on_cpu_s > 0 ? messages / cpu.server_on_cpu_s : 0;
    }
};

struct latency {
    std::size_t samples = 0;
    double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
};

// Nearest-rank percentiles, so every figure is a time that was actually measured.
latency summarize(std::vector<double> samples_ms);

}  // namespace mxc::bench
