// The copy of a result that reporters print: secrets redacted (redact.hpp), text made valid
// UTF-8, the transcript path filled in, cases sorted by id and counted. Every reporter starts
// from this, so no format can forget a rule.
#pragma once

#include <map>
#include <vector>

#include "core/result.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

core::case_result sanitized(const core::case_result& r, const util::redaction_policy& p);
// Results sorted by case id (ties keep their order), counts recomputed from them, run info and
// setup error redacted. The case definitions are shared, not copied: they come from our suites.
core::run_summary sanitized(const core::run_summary& s, const util::redaction_policy& p);

std::map<core::verdict, int> count_verdicts(const std::vector<core::case_result>& results);

// The case's definition, or an empty one (id "(unknown)") when a result has none.
const core::case_def& def_of(const core::case_result& r);

}  // namespace mxc::report
