// How many accounts a run makes (issue #9 part 6): accounts from a tokens file are handed out
// once each, so `list`, `run --print-config` and the start of a run all say, or check, how many
// the selected cases need.
#pragma once

#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/case_def.hpp"

namespace mxc::app {

// The sum of the cases' core::case_def::accounts.
int accounts_needed(const std::vector<const core::case_def*>& cases);

// What --print-config ends with: a YAML comment with the accounts the cases that cfg selects
// (--suites, --cases, --exclude) need, or why they cannot be counted.
std::string account_needs_note(const run_config& cfg);

// With a live target and --register tokens:FILE, throws std::runtime_error naming the file and
// both numbers when the file holds fewer accounts than `needed` (or cannot be read).
void check_tokens_file(const run_config& cfg, int needed);

}  // namespace mxc::app
