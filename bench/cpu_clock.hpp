// Where the CPU went during a phase: the server threads' time on a core and their time waiting
// for one (Linux's /proc/self/task/TID/schedstat), and the whole process's CPU time. On a shared
// 2-core machine the wall-clock rates move with other people's builds; CPU time per message
// does not, and the run-queue wait says how much the neighbours took.
#pragma once

#include <set>
#include <utility>
#include <vector>

namespace mxc::bench {

struct cpu_times {
    double server_on_cpu_s = 0;
    double server_waiting_s = 0;  // runnable but not running
    double process_on_cpu_s = 0;  // every thread: the server and the clients
};

inline cpu_times operator-(const cpu_times& a, const cpu_times& b) {
    return {a.server_on_cpu_s - b.server_on_cpu_s, a.server_waiting_s - b.server_waiting_s,
            a.process_on_cpu_s - b.process_on_cpu_s};
}

// The ids of this process's threads now.
std::set<int> thread_ids();

class cpu_clock {
  public:
    // The threads the server started; none known: the server figures read zero.
    explicit cpu_clock(std::vector<int> server_tids) : tids_(std::move(server_tids)) {}
    cpu_times now() const;
    bool knows_server() const { return !tids_.empty(); }

  private:
    std::vector<int> tids_;
};

}  // namespace mxc::bench
