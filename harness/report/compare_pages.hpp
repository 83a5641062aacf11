// The files `mxconform compare` writes (issue 11): compare.html and compare.md show the runs
// side by side (compare_table.hpp); gaps.md (app/gaps_markdown.hpp, which knows
// Matrix requests) lists every probe with each server's observation and a curl reproduction.
// Deterministic: nothing but what the index files hold.
#pragma once

#include <string>
#include <vector>

#include "report/run_index.hpp"

namespace mxc::report {

inline constexpr std::string_view compare_html_file = "compare.html";
inline constexpr std::string_view compare_markdown_file = "compare.md";

// `runs` named (name_columns), at least two.
std::string compare_html(const std::vector<run_index>& runs);
std::string compare_markdown(const std::vector<run_index>& runs);

}  // namespace mxc::report
