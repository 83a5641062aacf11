// The shipped suites/ load, and every case is well formed: a unique dotted id, a title, a
// spec section and a requirement in our words (STYLE.md house habits 1 and 2).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "app/catalogue_loader.hpp"
#include "steps/suite_loader.hpp"

namespace mxc::steps {
namespace {

const core::registry& shipped() {
    static const core::registry r = [] {
        core::registry out;
        load_suites(std::filesystem::path(MXC_SOURCE_DIR) / "suites", out,
                    app::reference_fault_names());
        return out;
    }();
    return r;
}

TEST(RealSuites, Load) {
    EXPECT_NO_THROW(shipped());
    EXPECT_GE(shipped().size(), 40u);
}

TEST(RealSuites, IdsAreUniqueDottedAndInTheirSuite) {
    static const std::regex dotted(R"([a-z0-9_]+(\.[a-z0-9_]+)+)");
    std::set<std::string> seen;
    for (const auto* c : shipped().select({}, {})) {
        EXPECT_TRUE(seen.insert(c->id).second) << c->id;
        EXPECT_TRUE(std::regex_match(c->id, dotted)) << c->id;
        // A case's id starts with its suite's name, so a glob on the suite selects it.
        EXPECT_TRUE(c->id.starts_with(c->suite + ".")) << c->id << " in suite " << c->suite;
    }
    EXPECT_EQ(seen.size(), shipped().size());
}

TEST(RealSuites, EveryCaseNamesItsSpecSectionAndRequirement) {
    for (const auto* c : shipped().select({}, {})) {
        SCOPED_TRACE(c->id + " at " + c->where.str());
        EXPECT_FALSE(c->title.empty());
        EXPECT_FALSE(c->spec.doc.empty());
        EXPECT_FALSE(c->spec.section.empty());
        EXPECT_GE(c->requirement.size(), 20u) << "a requirement is a sentence in our words";
        EXPECT_NE(c->body, nullptr);
        for (const auto& p : c->ports) EXPECT_FALSE(p.name.empty());
    }
}

TEST(RealSuites, PortsNameThePeerTestsTheIssueAsksFor) {
    std::set<std::string> sytest;
    for (const auto* c : shipped().select({}, {}))
        for (const auto& p : c->ports)
            if (p.suite == "sytest") sytest.insert(p.name);
    EXPECT_TRUE(sytest.count("Can recv device messages until they are acknowledged"));
}

}  // namespace
}  // namespace mxc::steps
