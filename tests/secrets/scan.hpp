// Looking for secrets where none may be (issue #12, "Threads and secrets"): the values a run
// used, as the harness's secret ledger lists them (matrix/secrets.hpp), searched for in every
// file of a report directory and in the run's console output.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mxc::test {

struct secret {
    std::string kind;  // the ledger's: access_token, password, bearer, ...
    std::string value;
};

// The ledger file's entries; a malformed line throws std::runtime_error naming FILE:LINE.
std::vector<secret> read_ledger(const std::filesystem::path& file);

// One place a secret was found: "<kind> <first 6 characters>... in <file>:<line>" (the output
// counts as the file "console").
std::vector<std::string> find_secrets(const std::vector<secret>& secrets,
                                      const std::filesystem::path& report_dir,
                                      const std::string& console);

}  // namespace mxc::test
