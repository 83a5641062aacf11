// Reads suites/*.yaml into cases. Every key is checked: an unknown step, an unknown key, a
// missing field is one error line naming file:line:column.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/registry.hpp"

namespace mxc::steps {

// Loads one file into `into`. Throws load_error.
void load_suite_file(const std::filesystem::path& file, core::registry& into);
// Loads every *.yaml below `dir` but spec_docs_file (sorted, so ids clash the same way every
// time).
void load_suites(const std::filesystem::path& dir, core::registry& into);

// In the suites dir: where each spec document is published (doc name -> base URL).
inline constexpr std::string_view spec_docs_file = "spec_docs.yaml";
// Reads a spec_docs_file; {} when there is none. Throws load_error.
std::map<std::string, std::string> load_spec_docs(const std::filesystem::path& file);

}  // namespace mxc::steps
