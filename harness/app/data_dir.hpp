// Where mxconform finds the data it ships — suites/, specs/, fixtures/ — so that it runs
// installed from the Debian package or from a build tree, from any working directory
// (issue #10). Every default path to that data goes through here; a flag naming a directory
// (--suites, --specs) still wins and never looks here.
#pragma once

#include <filesystem>

namespace mxc::app {

// The first of `<exe's dir>/../share/mxconform` (the installed layout, cmake/packaging.cmake)
// and `source_tree` (the tree the binary was built from) that holds a suites/ directory.
// Throws a one-line error naming both places when neither does.
std::filesystem::path find_data_dir(const std::filesystem::path& exe,
                                    const std::filesystem::path& source_tree);

// find_data_dir for this process (/proc/self/exe) and the tree it was built from; looked up
// on first use, so a run given --suites and --specs needs no data directory at all.
const std::filesystem::path& data_dir();

std::filesystem::path default_suites_dir();
std::filesystem::path default_specs_dir();
std::filesystem::path default_fixtures_dir();

}  // namespace mxc::app
