// Golden files: report output compared byte for byte with tests/report/golden/. Set
// MXC_UPDATE_GOLDEN=1 to rewrite them from the current output (then review the diff).
#pragma once

#include <map>
#include <string>

namespace mxc::report::test {

// Compares (or, when updating, writes) golden/<name>.
void expect_golden(const std::string& name, const std::string& actual);
// Compares every file under golden/<folder>/ with `files` (relative path → content): the same
// set of names and the same bytes.
void expect_golden_tree(const std::string& folder, const std::map<std::string, std::string>& files);

}  // namespace mxc::report::test
