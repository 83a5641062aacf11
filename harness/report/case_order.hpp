// The order every report lists cases in (issue 11, "what did not pass first"): grouped by suite,
// suites with the worst verdict first, and inside a suite the worst verdict first, then by id.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace mxc::report {

// 0 for what a reader must act on first (error), growing to pass; unknown words come last.
int attention_rank(core::verdict v);
int attention_rank(std::string_view verdict_word);

struct suite_group {
    std::string suite;
    std::vector<const core::case_result*> cases;  // worst first, then by id
    std::map<core::verdict, int> counts;          // for the group's tally
};

// Groups sorted by their worst case's rank, then by name; `results` must outlive them.
std::vector<suite_group> group_by_suite(const std::vector<core::case_result>& results);

}  // namespace mxc::report
