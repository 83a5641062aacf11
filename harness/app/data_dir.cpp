#include "app/data_dir.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace mxc::app {

namespace {

// A suites/ directory marks a data directory: every command that reads the data reads it.
bool holds_data(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_directory(dir / "suites", ec);
}

}  // namespace

std::filesystem::path find_data_dir(const std::filesystem::path& exe,
                                    const std::filesystem::path& source_tree) {
    std::vector<std::filesystem::path> places;
    if (!exe.empty())
        places.push_back((exe.parent_path() / ".." / "share" / "mxconform").lexically_normal());
    if (!source_tree.empty()) places.push_back(source_tree);
    std::vector<std::string> looked;
    for (const auto& dir : places) {
        if (holds_data(dir)) return dir;
        looked.push_back(dir.string());
    }
    throw std::runtime_error(
        fmt::format("no data directory: none of {} holds suites/ (looked beside the binary, "
                    "then in the tree it was built from); pass --suites and --specs",
                    looked.empty() ? "<no place>" : fmt::format("{}", fmt::join(looked, ", "))));
}

const std::filesystem::path& data_dir() {
    // /proc/self/exe is the binary itself with every symlink resolved, wherever it was started
    // from; the source tree is compiled in (CMakeLists.txt).
    static const std::filesystem::path dir = [] {
        std::error_code ec;  // without /proc, only the source tree is left to try
        return find_data_dir(std::filesystem::read_symlink("/proc/self/exe", ec), MXC_SOURCE_TREE);
    }();
    return dir;
}

std::filesystem::path default_suites_dir() {
    return data_dir() / "suites";
}
std::filesystem::path default_specs_dir() {
    return data_dir() / "specs";
}
std::filesystem::path default_fixtures_dir() {
    return data_dir() / "fixtures";
}

}  // namespace mxc::app
