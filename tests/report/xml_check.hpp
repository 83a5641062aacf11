// A small XML 1.0 well-formedness check for the report tests (no XML library is linked):
// valid UTF-8, only allowed characters, entity references, quoted attributes, one root,
// balanced tags. Returns what is wrong, or an empty string.
#pragma once

#include <string>
#include <string_view>

namespace mxc::report::test {

std::string xml_problem(std::string_view doc);

}  // namespace mxc::report::test
