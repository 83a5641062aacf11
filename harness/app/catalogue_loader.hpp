// Loads every case a run can choose from: the YAML suites and the C++ cases.
#pragma once

#include <filesystem>

#include "core/registry.hpp"

namespace mxc::app {

// Throws steps::load_error / std::runtime_error with one line naming file:line:column.
core::registry load_all_cases(const std::filesystem::path& suites_dir);

}  // namespace mxc::app
