// gaps.md, written by `mxconform compare --gaps` (issue 11): every probe (a case with a question)
// with each server's observation and the shortest reproduction of its requests as curl lines.
// In app/, since the reproduction knows Matrix requests (tokens, X-Matrix); report/ knows none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/run_index.hpp"

namespace mxc::app {

inline constexpr std::string_view gaps_file = "gaps.md";

// Reads each probe's transcript beside the first index that has one; throws
// std::runtime_error "FILE: not JSON" for a transcript that cannot be parsed.
std::string gaps_markdown(const std::vector<report::run_index>& runs);

}  // namespace mxc::app
