// Runs the built mxconform as a user would, with a hard deadline: a run that hangs is killed
// and reported as such, so a hang fails the test instead of stalling CI.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mxc::badtarget {

struct spawn_result {
    int exit_code = -1;  // 128+signal when killed by one
    bool timed_out = false;
    std::string output;  // stdout and stderr, interleaved
    std::chrono::milliseconds elapsed{0};
};

// Runs MXC_BINARY with `args`; kills it when `deadline` passes.
spawn_result run_binary(const std::vector<std::string>& args, std::chrono::milliseconds deadline);

// The lines of `text` that are not empty.
std::vector<std::string> lines_of(const std::string& text);

// A fresh directory, removed with the object.
class scratch_dir {
  public:
    scratch_dir();
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path write(const std::string& name, const std::string& text) const;

  private:
    std::filesystem::path path_;
};

// The file's JSON, or null when missing or unparsable.
nlohmann::json read_json(const std::filesystem::path& file);

}  // namespace mxc::badtarget
