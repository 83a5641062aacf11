// The cumulative reporters of one run, all writing into one report dir. They do their work in
// run_finished; the runner calls it after the last case, after a setup error (zero cases,
// setup_error set) and on Ctrl-C (partial), so a report always exists.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "core/result.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

// index.json with transcripts/, junit.xml, index.html and summary.md. Each throws util::write_error
// from run_finished if it cannot write, after the ones before it have written theirs: call
// each in its own try so that one unwritable file costs only that report. Each redacts what
// `policy` names from everything it writes.
std::vector<std::unique_ptr<core::listener>> make_file_reporters(
    const std::filesystem::path& dir, bool strict, const util::redaction_policy& policy);

}  // namespace mxc::report
