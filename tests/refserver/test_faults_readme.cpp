// The README's fault table is made from refserver/faults.cpp's table (issue 8, "faults as
// data"): this test renders the table and fails when the copy between the README's markers
// differs. MXC_UPDATE_README=1 writes the rendered table into the README instead.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "refserver/faults.hpp"

namespace mxc::test {
namespace {

constexpr std::string_view begin_marker = "<!-- faults -->\n";
constexpr std::string_view end_marker = "<!-- /faults -->\n";

std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string rendered_table() {
    std::string out =
        "| fault | what the server does | what it breaks | cases that fail with it "
        "|\n|---|---|---|---|\n";
    for (const auto& f : refserver::all_faults())
        out += "| `" + std::string(f.name) + "` | " + cell(f.description) + " | " + cell(f.breaks) +
               " | " + cell(refserver::describe(f.scope)) + " |\n";
    return out;
}

// The first row where the README and the table differ, so a failure reads without a diff tool.
std::string first_difference(const std::string& have, const std::string& want) {
    std::istringstream h(have), w(want);
    std::string hl, wl;
    for (int row = 1;; ++row) {
        const bool more_h = static_cast<bool>(std::getline(h, hl));
        const bool more_w = static_cast<bool>(std::getline(w, wl));
        if (!more_h && !more_w) return "(no difference)";
        if (!more_h || !more_w || hl != wl)
            return "line " + std::to_string(row) +
                   " of the table\n  README: " + (more_h ? hl : "(none)") +
                   "\n  table:  " + (more_w ? wl : "(none)");
    }
}

TEST(faults_readme, table_matches_the_fault_table) {
    const std::string path = std::string(MXC_SOURCE_DIR) + "/README.md";
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "cannot read " << path;
    std::stringstream text;
    text << in.rdbuf();
    std::string readme = text.str();
    const auto begin = readme.find(begin_marker);
    const auto end = readme.find(end_marker);
    ASSERT_TRUE(begin != std::string::npos && end != std::string::npos && begin < end)
        << path << " needs the lines " << begin_marker << "and " << end_marker;
    const auto from = begin + begin_marker.size();
    const auto want = rendered_table();
    const char* update = std::getenv("MXC_UPDATE_README");
    if (update && std::string(update) == "1") {
        readme.replace(from, end - from, want);
        std::ofstream(path, std::ios::binary) << readme;
        return;
    }
    const auto have = readme.substr(from, end - from);
    EXPECT_TRUE(have == want) << "the README's fault table differs from refserver/faults.cpp at "
                              << first_difference(have, want)
                              << "\n(run this test with MXC_UPDATE_README=1 to rewrite it)";
}

}  // namespace
}  // namespace mxc::test
