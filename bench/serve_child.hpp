// `mxconform serve` as a child process on a database file, for the load mode (issue 12, "Under
// load"): started, killed with SIGKILL and started again on the same file and port, as a
// crashed homeserver is. Every wait is bounded.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace mxc::bench {

class serve_child {
  public:
    // The database and the server's output go into dir.
    serve_child(std::filesystem::path mxconform, std::filesystem::path dir);
    ~serve_child();  // kills a running child
    serve_child(const serve_child&) = delete;
    serve_child& operator=(const serve_child&) = delete;

    // Spawns and returns once /versions answers; the first start picks a free port, later ones
    // reuse it. Throws, naming the log, when the server is not ready within `within`.
    void start(std::chrono::milliseconds within = std::chrono::seconds(30));
    // SIGKILL and reap: the process ends wherever it is, as in a crash.
    void kill9();

    std::string base_url() const;
    const std::filesystem::path& log() const { return log_; }

  private:
    bool spawn_and_wait(std::chrono::steady_clock::time_point deadline);

    std::filesystem::path mxconform_, db_, log_;
    unsigned short port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace mxc::bench
