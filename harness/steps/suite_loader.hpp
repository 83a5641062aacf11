// Reads suites/*.yaml into cases. Every key is checked: an unknown step, an unknown key, a
// missing field is one error line naming file:line:column.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/registry.hpp"

namespace mxc::steps {

// The names a case's `caught_by` may use. steps/ does not know the reference server, so the
// app layer hands its fault names in (issue 8, "teeth in the case").
using fault_names = std::set<std::string, std::less<>>;

// Loads one file into `into`. Throws load_error.
void load_suite_file(const std::filesystem::path& file, core::registry& into,
                     const fault_names& known_faults);
// Loads every *.yaml below `dir` but spec_docs_file (sorted, so ids clash the same way every
// time).
void load_suites(const std::filesystem::path& dir, core::registry& into,
                 const fault_names& known_faults);
// Checks a C++ case's caught_by by the rules a YAML case's is loaded with: known faults, each
// once, none on an observed case. Throws load_error naming the case's registration.
void check_caught_by(const core::case_def& c, const fault_names& known_faults);

// In the suites dir: where each spec document is published (doc name -> base URL).
inline constexpr std::string_view spec_docs_file = "spec_docs.yaml";
// Reads a spec_docs_file; {} when there is none. Throws load_error.
std::map<std::string, std::string> load_spec_docs(const std::filesystem::path& file);

}  // namespace mxc::steps
