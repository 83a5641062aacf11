#include "golden.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fixture_run.hpp"

namespace mxc::report::test {
namespace {

namespace fs = std::filesystem;

fs::path golden_root() {
    return fs::path(MXC_SOURCE_DIR) / "tests" / "report" / "golden";
}

bool updating() {
    const char* v = std::getenv("MXC_UPDATE_GOLDEN");
    return v && *v && std::string(v) != "0";
}

// The first differing line, so a failure is readable without a diff tool.
std::string first_difference(const std::string& want, const std::string& got) {
    std::size_t line = 1, start = 0, i = 0;
    for (; i < want.size() && i < got.size() && want[i] == got[i]; ++i)
        if (want[i] == '\n') ++line, start = i + 1;
    auto line_at = [&](const std::string& s) {
        return s.substr(start, s.find('\n', start) - start);
    };
    return "line " + std::to_string(line) + "\n  golden: " + line_at(want) +
           "\n  actual: " + line_at(got);
}

void write(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

void expect_golden(const std::string& name, const std::string& actual) {
    fs::path path = golden_root() / name;
    if (updating()) {
        write(path, actual);
        return;
    }
    ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with MXC_UPDATE_GOLDEN=1";
    std::string want = read_file(path);
    EXPECT_TRUE(want == actual) << name << " differs from its golden file at "
                                << first_difference(want, actual)
                                << "\n(run with MXC_UPDATE_GOLDEN=1 to accept the new output)";
}

void expect_golden_tree(const std::string& folder,
                        const std::map<std::string, std::string>& files) {
    fs::path root = golden_root() / folder;
    if (updating()) fs::remove_all(root);
    for (const auto& [name, content] : files) expect_golden(folder + "/" + name, content);
    if (updating()) return;
    for (const auto& [name, content] : read_tree(root))
        EXPECT_TRUE(files.count(name))
            << "golden file " << folder << "/" << name << " was not written";
}

}  // namespace mxc::report::test
