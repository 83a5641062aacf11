// Shared by the spec tests: the real specs/ catalogue, and scratch spec directories for
// loader errors.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "spec/catalogue.hpp"
#include "spec/spec_error.hpp"
#include "support/temp_dir.hpp"

namespace mxc::spec::testing {

inline const std::filesystem::path specs_dir = std::filesystem::path(MXC_SOURCE_DIR) / "specs";

// Loading compiles every schema, so the tests share one catalogue per version.
inline const catalogue& v3() {
    static const catalogue cat = catalogue::load(specs_dir, "v3");
    return cat;
}

inline route must_find(std::string_view method, std::string_view target) {
    auto r = v3().find(method, target);
    if (!r)
        throw std::runtime_error("no operation for " + std::string(method) + " " +
                                 std::string(target));
    return *r;
}

// A directory of its own per test (support/temp_dir.hpp), so tests may run in parallel.
class scratch_dir : public ::testing::Test {
  protected:
    std::filesystem::path write(const std::string& name, const std::string& text) {
        return tmp_.write(name, text);
    }

    // The error message of loading dir_, or "" when it loads.
    std::string load_error(std::string_view version = "v3") {
        try {
            catalogue::load(dir_, version);
        } catch (const spec_error& e) {
            return e.what();
        }
        return "";
    }

    mxc::test::temp_dir tmp_;
    const std::filesystem::path dir_ = tmp_.path();
};

}  // namespace mxc::spec::testing
