// A fixed run for the report tests: one case per verdict, transcripts with secrets that must
// be redacted, an expired wait, a note, non-ASCII text, markup characters, control characters
// and invalid UTF-8. Results are deliberately not in id order.
#pragma once

#include "support/temp_dir.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report::test {

struct fixture_run {
    std::vector<std::unique_ptr<core::case_def>> defs;  // the results point into these
    core::run_summary summary;
};

fixture_run make_fixture_run();
// The policy the app hands the reporters (matrix::redaction_policy).
const util::redaction_policy& redaction();
// What the runner reports when the target could not be reached: no case, setup_error set.
fixture_run make_setup_error_run();

// Each string here appears somewhere in the fixture's input and must appear in no output.
inline const std::vector<std::string> fixture_secrets = {
    "SEKRIT_BEARER",  "SEKRIT_QUERY", "SEKRIT_PASSWORD", "SEKRIT_MAC",  "SEKRIT_REG_TOKEN",
    "SEKRIT_ESCAPED", "SEKRIT_TRUNC", "SEKRIT_COOKIE",   "SEKRIT_SETUP"};

// Every file under dir, by its path relative to dir ('/'-separated).
std::map<std::string, std::string> read_tree(const std::filesystem::path& dir);
std::string read_file(const std::filesystem::path& path);

using mxc::test::temp_dir;

}  // namespace mxc::report::test
