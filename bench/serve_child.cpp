#include "bench/serve_child.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "net/http_client.hpp"
#include "util/growing_pause.hpp"

extern char** environ;

namespace mxc::bench {

namespace {

// A free loopback port, from the kernel; the child binds it a moment later (a port taken
// meanwhile makes that start fail, and start() tries another).
unsigned short free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("no free loopback port");
    return ntohs(addr.sin_port);
}

}  // namespace

serve_child::serve_child(std::filesystem::path mxconform, std::filesystem::path dir)
    : mxconform_(std::move(mxconform)), db_(dir / "load.db"), log_(dir / "serve.log") {}

serve_child::~serve_child() {
    kill9();
}

std::string serve_child::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

void serve_child::start(std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    const bool first = port_ == 0;
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (first) port_ = free_port();
        if (spawn_and_wait(deadline)) return;
        kill9();
        if (std::chrono::steady_clock::now() >= deadline) break;
    }
    throw std::runtime_error("mxconform serve did not become ready; see " + log_.string());
}

bool serve_child::spawn_and_wait(std::chrono::steady_clock::time_point deadline) {
    const std::vector<std::string> args{mxconform_.string(),
                                        "serve",
                                        "--listen",
                                        "127.0.0.1:" + std::to_string(port_),
                                        "--db",
                                        db_.string(),
                                        "--server-name",
                                        "load.test"};
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        pid_ = -1;
        throw std::runtime_error("cannot start " + mxconform_.string());
    }
    // Ready when /versions answers; a child that exits (port taken) is not.
    net::http_client probe(base_url());
    util::growing_pause pause(std::chrono::milliseconds(1), std::chrono::milliseconds(50));
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        try {
            net::http_call call{net::http::verb::get,
                                "/_matrix/client/versions",
                                {},
                                {},
                                std::chrono::milliseconds(1'000)};
            if (probe.send(call).status == 200) return true;
        } catch (const net::transport_error&) {
            // Not listening yet: refused at once, so pace the probes.
            pause.pause(deadline);
        }
    }
    return false;
}

void serve_child::kill9() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);  // SIGKILL cannot be caught: the reap is prompt
    pid_ = -1;
}

}  // namespace mxc::bench
