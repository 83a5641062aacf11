// Reading what a test or a child process left on disk.
#pragma once

#include <filesystem>
#include <functional>
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

// What load(file) throws (a std::runtime_error) for a file `name` holding `text`, with the file's
// path shown as "F" (the temp dir differs per run); "(loaded)" when it throws nothing.
std::string error_loading(const std::string& name, const std::string& text,
                          const std::function<void(const std::filesystem::path&)>& load);

}  // namespace mxc::test
