#include "app/restart_command.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

// Boost.Process v2 is header-only in this Boost; std::filesystem, not Boost.Filesystem.
#define BOOST_PROCESS_USE_STD_FS 1
#include <fmt/format.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process/v2/environment.hpp>
// In 1.81 the header-only build leaves process_environment's setup to this file (inline there).
#include <boost/process/v2/impl/environment.ipp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>

#include "util/growing_pause.hpp"

extern char** environ;

namespace mxc::app {

namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;

// A temporary file for the command's output, removed when done (a process the command left
// running in the background may still write to it; it then writes to an unlinked file).
class output_file {
  public:
    output_file() {
        auto pattern =
            (std::filesystem::temp_directory_path() / "mxconform-restart-XXXXXX").string();
        fd_ = ::mkstemp(pattern.data());
        if (fd_ < 0) throw std::runtime_error("--restart-cmd: cannot create a temporary file");
        path_ = pattern;
    }
    ~output_file() {
        ::close(fd_);
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    int fd() const { return fd_; }
    std::string last_line() const {
        std::ifstream in(path_);
        std::string line, last;
        while (std::getline(in, line))
            if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
        return last.size() > 200 ? last.substr(0, 200) + "…" : last;
    }

  private:
    int fd_ = -1;
    std::string path_;
};

}  // namespace

std::chrono::milliseconds run_shell_command(
    const std::string& cmd, const std::vector<std::pair<std::string, std::string>>& extra,
    std::chrono::milliseconds within) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const auto name = entry.substr(0, entry.find('='));
        if (std::none_of(extra.begin(), extra.end(),
                         [&](const auto& x) { return x.first == name; }))
            env.push_back(entry);
    }
    for (const auto& [name, value] : extra) env.push_back(name + "=" + value);

    output_file output;
    asio::io_context ctx;
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
    };
    std::optional<bp::process> child;
    try {
        child.emplace(ctx, "/bin/sh", std::vector<std::string>{"-c", cmd},
                      bp::process_stdio{nullptr, output.fd(), output.fd()},
                      bp::process_environment(env));
    } catch (const std::exception& e) {
        throw std::runtime_error(
            fmt::format("--restart-cmd '{}' did not start: {}", cmd, e.what()));
    }
    bool timed_out = false;
    int exit_code = -1;
    asio::steady_timer timer(ctx, within);
    child->async_wait([&](boost::system::error_code, int code) {
        exit_code = code;
        timer.cancel();
    });
    timer.async_wait([&](boost::system::error_code ec) {
        if (ec) return;  // cancelled: the command ended first
        timed_out = true;
        boost::system::error_code ignored;
        child->terminate(ignored);
    });
    ctx.run();
    if (timed_out)
        throw std::runtime_error(fmt::format(
            "--restart-cmd '{}' did not finish within {} s (scaled by --timeout-scale); killed",
            cmd, within.count() / 1000.0));
    if (exit_code != 0) {
        const auto last = output.last_line();
        throw std::runtime_error(fmt::format("--restart-cmd '{}' exited with {}{}", cmd, exit_code,
                                             last.empty() ? "" : ": " + last));
    }
    return elapsed();
}

int await_answer(const std::function<bool(std::string& outcome)>& answers_200,
                 std::chrono::milliseconds within,
                 const std::function<void(int attempt, const std::string& outcome)>& attempted) {
    const auto deadline = util::growing_pause::clock::now() + within;
    // Probes of a server that is coming up: a slow start costs few requests.
    util::growing_pause pause{std::chrono::milliseconds(100), std::chrono::milliseconds(2'000)};
    for (int attempt = 1;; ++attempt) {
        std::string outcome;
        const bool ok = answers_200(outcome);
        attempted(attempt, outcome);
        if (ok) return attempt;
        if (util::growing_pause::clock::now() >= deadline) return 0;
        pause.pause(deadline);
    }
}

}  // namespace mxc::app
