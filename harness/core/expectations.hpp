// The user's expectations file: case id -> expected-fail or skip, each with a reason.
//
//   to_device.limit.next_sync_returns_at_once:
//     expect: expected-fail
//     reason: "synapse#11457, fixed in 1.50"
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "core/verdict.hpp"

namespace mxc::core {

struct expectation_entry {
    expectation kind = expectation::none;
    std::string reason;
    int line = 0;  // in the file, for messages about unknown ids
};

// Throws std::runtime_error "file:line:column: ..." for a malformed file.
std::map<std::string, expectation_entry> load_expectations(const std::filesystem::path& file);

}  // namespace mxc::core
