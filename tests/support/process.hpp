// Child processes for the tests: the built mxconform (or any binary) run as a user would, with
// stdin from /dev/null and stdout and stderr into one file in the order they were written.
// Every wait is bounded: a child past its deadline is killed, so a hang fails its test with the
// output so far instead of stalling CI.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace mxc::test {

// NAME, value: set for the child on top of the test's own environment (replacing NAME there).
using environment = std::vector<std::pair<std::string, std::string>>;

// A started child; killed (SIGKILL) and reaped with the object if it is still running.
class child_process {
  public:
    // Throws std::runtime_error naming the binary when it cannot be started.
    child_process(const std::filesystem::path& binary, const std::vector<std::string>& args,
                  const std::filesystem::path& output, const environment& env = {});
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    // The exit code once the child has ended (128 + the signal that ended it), or nothing when
    // it still runs after `within`.
    std::optional<int> wait_for(std::chrono::milliseconds within);
    void signal(int number);
    // SIGKILL, and the exit code once reaped (-1 when it cannot be).
    int kill();
    // The child's peak resident memory (getrusage's ru_maxrss), once reaped.
    long peak_rss_kb() const { return peak_rss_kb_; }

  private:
    std::optional<int> reap(bool block);

    pid_t pid_ = -1;
    int pidfd_ = -1;  // -1: no pidfd_open (an old kernel or seccomp): waits poll waitpid
    std::optional<int> exit_code_;
    long peak_rss_kb_ = 0;
};

struct process_result {
    int exit_code = -1;  // 128 + signal when a signal ended it; -1 when it could not start
    bool timed_out = false;
    std::string output;  // stdout and stderr, interleaved
    std::chrono::milliseconds elapsed{0};
    long peak_rss_kb = 0;  // the child's peak resident memory
};

// Runs binary with args to the end, or kills it when `deadline` has passed.
process_result run_process(const std::filesystem::path& binary,
                           const std::vector<std::string>& args, std::chrono::milliseconds deadline,
                           const environment& env = {});
// The mxconform this build made (MXC_BINARY).
std::filesystem::path mxconform_binary();
// run_process of mxconform_binary().
process_result run_cli(const std::vector<std::string>& args, std::chrono::milliseconds deadline,
                       const environment& env = {});

}  // namespace mxc::test
