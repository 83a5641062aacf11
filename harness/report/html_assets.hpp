// The inline stylesheet and script of index.html: the page must open from a CI artifact or a
// mail attachment with no network, so nothing is linked.
#pragma once

#include <string_view>

namespace mxc::report {

extern const std::string_view html_style;
// Filter buttons: shows only the cases of one verdict (or all); expand/collapse all.
extern const std::string_view html_script;

}  // namespace mxc::report
