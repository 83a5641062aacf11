// The benchmark's output: a table for people, JSON for tools. Neither measures anything.
#pragma once

#include <array>
#include <ostream>
#include <string>
#include <vector>

#include "bench/options.hpp"
#include "bench/stats.hpp"
#include "bench/workload.hpp"

namespace mxc::bench {

struct results {
    options opts;
    unsigned cores = 0;
    // /proc/loadavg before and after: others building on the machine skew the figures.
    std::array<double, 3> load_before{}, load_after{};
    std::vector<throughput> phases;
    wake_up_figures wake;
    parking_check parking;
    bool server_thread_found = false;  // false: the server columns are zeros, not measured
};

// Issue #2's goals on 2 cores.
inline constexpr double delivered_goal_per_second = 20'000;
inline constexpr double wake_up_p99_goal_ms = 5;

std::array<double, 3> load_average();  // zeros where /proc/loadavg is unreadable

void print_table(std::ostream& out, const results& r);
void write_json(const std::string& path, const results& r);  // throws if the file cannot be written

}  // namespace mxc::bench
