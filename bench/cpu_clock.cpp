#include "bench/cpu_clock.hpp"

#include <time.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <string>

namespace mxc::bench {

std::set<int> thread_ids() {
    std::set<int> ids;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", ec)) {
        const auto name = entry.path().filename().string();
        int id = 0;
        if (std::from_chars(name.data(), name.data() + name.size(), id).ec == std::errc{})
            ids.insert(id);
    }
    return ids;
}

cpu_times cpu_clock::now() const {
    cpu_times t;
    timespec ts{};
    if (::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0)
        t.process_on_cpu_s = static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
    for (int tid : tids_) {
        // "<ns on a cpu> <ns waiting on a run queue> <timeslices>"; absent without
        // CONFIG_SCHED_INFO.
        std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/schedstat");
        unsigned long long on_cpu = 0, waiting = 0;
        if (!(in >> on_cpu >> waiting)) continue;
        t.server_on_cpu_s += static_cast<double>(on_cpu) / 1e9;
        t.server_waiting_s += static_cast<double>(waiting) / 1e9;
    }
    return t;
}

}  // namespace mxc::bench
