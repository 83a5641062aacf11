// One case of index.html: a <details> whose summary is the table row (verdict, id, level,
// title with an observed case's observation and question, spec section, time) and whose body
// holds the evidence. Everything is escaped here.
#pragma once

#include <string>

#include "core/result.hpp"

namespace mxc::report {

std::string html_badge(core::verdict v);
// The verdict legend: a badge and its meaning per verdict (STYLE.md, from Autobahn).
std::string html_legend();
// The id, escaped, with <wbr> after each dot.
std::string html_id(std::string_view id);
std::string html_case(const core::case_result& sanitized_result);

}  // namespace mxc::report
