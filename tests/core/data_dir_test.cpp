// Where the binary finds its suites/, specs/ and fixtures/ (issue #10): beside itself when
// installed (<exe dir>/../share/mxconform), else in the tree it was built from, else a one-line
// error naming every place it looked.
#include <gtest/gtest.h>

#include "app/data_dir.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

class data_dir_lookup : public testing::Test {
  protected:
    // A data directory as the package lays it out: what marks it is its suites/.
    std::filesystem::path make_data(const std::filesystem::path& dir) const {
        dir_.write((dir / "suites" / "spec_docs.yaml").string(), "{}\n");
        return dir_.path() / dir;
    }

    test::temp_dir dir_;
    const std::filesystem::path exe_ = dir_.path() / "usr" / "bin" / "mxconform";
};

TEST_F(data_dir_lookup, prefers_the_installed_layout_when_both_exist) {
    const auto installed = make_data("usr/share/mxconform");
    const auto source = make_data("src");
    EXPECT_EQ(find_data_dir(exe_, source), installed);
}

TEST_F(data_dir_lookup, falls_back_to_the_source_tree) {
    const auto source = make_data("src");
    EXPECT_EQ(find_data_dir(exe_, source), source);
}

TEST_F(data_dir_lookup, an_installed_dir_without_suites_is_not_data) {
    dir_.write("usr/share/mxconform/specs/README.md", "x\n");
    const auto source = make_data("src");
    EXPECT_EQ(find_data_dir(exe_, source), source);
}

TEST_F(data_dir_lookup, names_every_place_it_looked_when_none_holds_data) {
    const auto source = dir_.path() / "src";
    try {
        find_data_dir(exe_, source);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find((dir_.path() / "usr/share/mxconform").string()), std::string::npos)
            << what;
        EXPECT_NE(what.find(source.string()), std::string::npos) << what;
        EXPECT_NE(what.find("--suites"), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
}

TEST_F(data_dir_lookup, this_build_finds_the_source_tree) {
    // The test binary lives in the build tree, so the source tree it was built from is found.
    EXPECT_EQ(data_dir(), std::filesystem::path(MXC_SOURCE_DIR));
    EXPECT_TRUE(std::filesystem::is_directory(default_specs_dir()));
    EXPECT_TRUE(std::filesystem::is_directory(default_fixtures_dir()));
}

}  // namespace
}  // namespace mxc::app
