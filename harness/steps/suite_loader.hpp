// Reads suites/*.yaml into cases. Every key is checked: an unknown step, an unknown key, a
// missing field is one error line naming file:line:column.
#pragma once

#include <filesystem>

#include "core/registry.hpp"

namespace mxc::steps {

// Loads one file into `into`. Throws load_error.
void load_suite_file(const std::filesystem::path& file, core::registry& into);
// Loads every *.yaml below `dir` (sorted, so ids clash the same way every time).
void load_suites(const std::filesystem::path& dir, core::registry& into);

}  // namespace mxc::steps
