// Loads every case a run can choose from: the YAML suites and the C++ cases.
#pragma once

#include <filesystem>

#include "core/registry.hpp"
#include "steps/suite_loader.hpp"

namespace mxc::app {

// The names a case's caught_by may use: the reference server's faults.
steps::fault_names reference_fault_names();

// Throws steps::load_error / std::runtime_error with one line naming file:line:column, also for
// a caught_by naming no fault of the reference server.
core::registry load_all_cases(const std::filesystem::path& suites_dir);

}  // namespace mxc::app
