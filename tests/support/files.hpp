// Reading what a test or a child process left on disk.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mxc::test {

// The file's bytes, or "" when it cannot be read.
std::string read_text(const std::filesystem::path& file);
// The file's JSON, or null when it is missing or not JSON.
nlohmann::json read_json(const std::filesystem::path& file);
// The lines of `text` that are not empty.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace mxc::test
