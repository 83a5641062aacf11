#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "support/files.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace mxc::test {

namespace {

using std::chrono::steady_clock;

// The test's environment with env's names replaced or added, as posix_spawn takes it.
std::vector<std::string> child_environment(const environment& env) {
    std::vector<std::string> out;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const auto name = entry.substr(0, entry.find('='));
        bool replaced = false;
        for (const auto& [n, v] : env) replaced = replaced || n == name;
        if (!replaced) out.push_back(entry);
    }
    for (const auto& [n, v] : env) out.push_back(n + "=" + v);
    return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

int exit_code_of(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

child_process::child_process(const std::filesystem::path& binary,
                             const std::vector<std::string>& args,
                             const std::filesystem::path& output, const environment& env) {
    std::vector<std::string> argv_s{binary.string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    auto env_s = child_environment(env);
    auto argv = c_strings(argv_s);
    auto envp = c_strings(env_s);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    const int rc = ::posix_spawn(&pid_, binary.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        throw std::runtime_error("cannot start " + binary.string() + ": " + std::strerror(rc));
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
}

child_process::~child_process() {
    if (!exit_code_) kill();
    if (pidfd_ >= 0) ::close(pidfd_);
}

std::optional<int> child_process::reap(bool block) {
    if (exit_code_) return exit_code_;
    int status = 0;
    pid_t got = 0;
    rusage usage{};
    do got = ::wait4(pid_, &status, block ? 0 : WNOHANG, &usage);
    while (got < 0 && errno == EINTR);
    if (got == pid_) {
        exit_code_ = exit_code_of(status);
        peak_rss_kb_ = usage.ru_maxrss;
    }
    return exit_code_;
}

std::optional<int> child_process::wait_for(std::chrono::milliseconds within) {
    const auto deadline = steady_clock::now() + within;
    for (;;) {
        if (auto code = reap(false)) return code;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        if (pidfd_ < 0) {
            // No pidfd to wait on: a short yield between checks, bounded by the deadline.
            std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(10)));
            continue;
        }
        // The pidfd becomes readable when the child ends: no polling loop, no sleep.
        pollfd p{pidfd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
            ::close(pidfd_);
            pidfd_ = -1;
        }
    }
}

void child_process::signal(int number) {
    if (!exit_code_) ::kill(pid_, number);
}

int child_process::kill() {
    signal(SIGKILL);
    return reap(true).value_or(-1);
}

process_result run_process(const std::filesystem::path& binary,
                           const std::vector<std::string>& args, std::chrono::milliseconds deadline,
                           const environment& env) {
    temp_dir dir;
    const auto output = dir.path() / "output.txt";
    process_result r;
    const auto start = steady_clock::now();
    try {
        child_process child(binary, args, output, env);
        auto code = child.wait_for(deadline);
        r.timed_out = !code;
        r.exit_code = code ? *code : child.kill();
        r.peak_rss_kb = child.peak_rss_kb();
    } catch (const std::runtime_error& e) {
        r.output = e.what();
        return r;
    }
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - start);
    r.output = read_text(output);
    return r;
}

std::filesystem::path mxconform_binary() {
    return MXC_BINARY;
}

process_result run_cli(const std::vector<std::string>& args, std::chrono::milliseconds deadline,
                       const environment& env) {
    return run_process(mxconform_binary(), args, deadline, env);
}

}  // namespace mxc::test
