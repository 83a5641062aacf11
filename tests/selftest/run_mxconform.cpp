#include "selftest/run_mxconform.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace mxc::test {

namespace {

std::filesystem::path fresh_dir() {
    static std::atomic<int> n{0};
    auto d = std::filesystem::temp_directory_path() /
             ("mxc-selftest-" + std::to_string(::getpid()) + "-" + std::to_string(n.fetch_add(1)));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

}  // namespace

run_outcome run_command(const std::vector<std::string>& args) {
    const auto dir = fresh_dir();
    const auto out_file = dir / "output.txt";
    std::vector<std::string> argv_s{MXC_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    run_outcome r;
    if (posix_spawn(&pid, MXC_BINARY, &fa, nullptr, argv.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        r.output = "cannot start " + std::string(MXC_BINARY);
        return r;
    }
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ifstream in(out_file);
    std::stringstream ss;
    ss << in.rdbuf();
    r.output = ss.str();
    return r;
}

run_outcome run_mxconform(const std::vector<std::string>& args) {
    const auto dir = fresh_dir();
    // A CA of the run's own: nothing outside the scratch dir is read or written.
    std::vector<std::string> all{"run",      "--no-color", "--report-dir", (dir / "report").string(),
                                 "--ca-dir", (dir / "ca").string()};
    all.insert(all.end(), args.begin(), args.end());
    auto r = run_command(all);
    std::ifstream in(dir / "report" / "index.json");
    if (in) r.index = nlohmann::json::parse(in, nullptr, false);
    std::filesystem::remove_all(dir);
    return r;
}

}  // namespace mxc::test
