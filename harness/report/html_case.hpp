// One case of index.html: a <details> whose summary is the table row (verdict, id, level,
// title, spec section, time) and whose body holds the evidence. Everything is escaped here.
#pragma once

#include <string>

#include "core/result.hpp"

namespace mxc::report {

std::string html_badge(core::verdict v);
std::string html_case(const core::case_result& sanitized_result);

}  // namespace mxc::report
