// Runs the built mxconform binary as a user would (support/process.hpp, bounded), and reads the
// index.json it writes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mxc::test {

struct run_outcome {
    int exit_code = -1;
    nlohmann::json index;  // the report's index.json (null if none was written or not JSON)
    std::string output;    // stdout and stderr
};

// Runs `mxconform run <args> --no-color --report-dir <fresh temp dir>`.
run_outcome run_mxconform(const std::vector<std::string>& args);
// Any mxconform subcommand; returns exit code and output.
run_outcome run_command(const std::vector<std::string>& args);

}  // namespace mxc::test
