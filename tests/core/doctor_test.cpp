// `mxconform doctor` (issue 10): the target profiles are well-formed data with a fix for every
// check, the implementation is recognised from its signatures, a ready server gets "ready", and
// a server that cannot be reached gets one problem line with the fix.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/catalogue_loader.hpp"
#include "app/doctor_command.hpp"
#include "app/run_command.hpp"
#include "app/target_profiles.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

// The checks doctor makes itself (doctor_command.cpp), then those of fixtures/doctor/.
std::set<std::string> check_ids() {
    std::set<std::string> ids{"client_api", "federation_listener", "federation_keys"};
    core::registry checks;
    steps::load_suites(default_fixtures_dir() / "doctor", checks, reference_fault_names());
    for (const auto* c : checks.select({}, {})) ids.insert(c->id.substr(c->id.find('.') + 1));
    return ids;
}

TEST(Doctor, EveryProfileHasAFixForEveryCheck) {
    const auto profiles = load_target_profiles(default_fixtures_dir() / "targets");
    std::set<std::string> names;
    for (const auto& p : profiles) names.insert(p.name);
    for (const char* expected :
         {"Synapse", "Dendrite", "conduwuit/Tuwunel", "Construct", "generic"})
        EXPECT_TRUE(names.count(expected)) << expected;
    const auto ids = check_ids();
    EXPECT_GE(ids.size(), 9u);
    for (const auto& p : profiles) {
        for (const auto& id : ids)
            EXPECT_TRUE(p.fixes.count(id)) << p.file << " has no fix for " << id;
        for (const auto& [id, fix] : p.fixes)
            EXPECT_TRUE(ids.count(id)) << p.file << ": no check " << id;
    }
}

TEST(Doctor, RecognisesTheImplementation) {
    const auto profiles = load_target_profiles(default_fixtures_dir() / "targets");
    EXPECT_EQ(detect_target(profiles, {"Synapse/1.67.0"}).name, "Synapse");
    EXPECT_EQ(detect_target(profiles, {"", "Dendrite 0.13.5"}).name, "Dendrite");
    EXPECT_EQ(detect_target(profiles, {"Tuwunel 1.0"}).name, "conduwuit/Tuwunel");
    EXPECT_EQ(detect_target(profiles, {"nginx", "Something 2"}).name, "generic");
}

TEST(Doctor, AMalformedProfileNamesFileAndLine) {
    test::temp_dir dir;
    dir.write("generic.yaml", "name: generic\nfixes: {}\n");
    dir.write("x.yaml", "name: X\nfixes:\n  client_api: [not, text]\n");
    try {
        load_target_profiles(dir.path());
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("x.yaml:3:15: 'fixes' is text"), std::string::npos)
            << e.what();
    }
}

TEST(Doctor, TheEmbeddedServerIsReady) {
    run_config cfg;
    std::ostringstream out, err;
    EXPECT_EQ(doctor_command(cfg, true, out, err), 0) << out.str() << err.str();
    const auto report = nlohmann::json::parse(out.str());
    EXPECT_EQ(report["ready"], true);
    EXPECT_EQ(report["checks"].size(), check_ids().size()) << out.str();
    for (const auto& c : report["checks"]) EXPECT_EQ(c["status"], "ok") << c.dump();
}

TEST(Doctor, AnUnreachableTargetIsOneProblemWithItsFix) {
    run_config cfg;
    cfg.target = "http://127.0.0.1:1";
    cfg.registration = matrix::registration::parse("open");
    cfg.connect_timeout_ms = 500;
    std::ostringstream out, err;
    EXPECT_EQ(doctor_command(cfg, false, out, err), 1) << out.str() << err.str();
    const auto text = out.str();
    EXPECT_NE(text.find("problem  client API answers /versions"), std::string::npos) << text;
    EXPECT_NE(text.find("fix (generic"), std::string::npos) << text;
    EXPECT_NE(text.find("not ready: 1 problem(s)"), std::string::npos) << text;
}

}  // namespace
}  // namespace mxc::app
