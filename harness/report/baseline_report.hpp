// A run against a baseline (--baseline, issue #10) as people and machines read it: a short
// block on the console and the `baseline` object of index.json, made from the same lists.
#pragma once

#include <string>

#include "core/baseline.hpp"
#include "report/json_text.hpp"

namespace mxc::report {

// {"file", "format", "regressions", "improvements", "changed", "new", "gone", "unchanged"};
// each list holds {"id", "was", "now"}, with null for a side that has no verdict.
ojson baseline_json(const core::baseline_comparison& c);

// "Against the baseline FILE (FORMAT): counts", then a line per id: every regression, and the
// first few of each other list (index.json has them all). Newline-terminated.
std::string baseline_block(const core::baseline_comparison& c);

}  // namespace mxc::report
