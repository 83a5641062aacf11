// Steps register themselves (steps/step.hpp): every step file's registrations reach the table
// (none dropped by the linker), each under the name its step_def gives, each with a help line
// for `mxconform list --steps`.
#include <gtest/gtest.h>

#include "steps/step.hpp"

namespace mxc::steps {
namespace {

TEST(StepTable, EveryStepFileRegisteredItsSteps) {
    std::set<std::string> names;
    for (const auto& [name, def] : step_table()) names.insert(name);
    const std::set<std::string> expected = {// account_steps.cpp
                                            "login", "logout", "delete_device",
                                            // send_steps.cpp
                                            "send_to_device", "send_many",
                                            // sync_steps.cpp, long_poll.cpp
                                            "sync", "sync_until", "since_token", "long_poll",
                                            // request_step.cpp
                                            "request", "note", "pause", "set",
                                            // federation_steps.cpp
                                            "mock_remote", "federation_send", "mock_fail",
                                            "mock_ok", "mock_down", "mock_up", "await_edus",
                                            "await_refused", "await_attempts", "check_retries",
                                            // restart_step.cpp
                                            "restart_target"};
    EXPECT_EQ(names, expected);
}

TEST(StepTable, EachStepIsKeyedByItsOwnNameAndHasHelp) {
    for (const auto& [name, def] : step_table()) {
        EXPECT_EQ(def.name, name);
        EXPECT_FALSE(def.help.empty()) << name;
        EXPECT_TRUE(def.run) << name;
        for (const auto& n : def.nested)
            EXPECT_TRUE(def.required.count(n) || def.optional.count(n)) << name << ": " << n;
    }
}

TEST(StepTable, RegisteringANameTwiceIsRefused) {
    EXPECT_THROW(step_registration({"sync", {}, {}, "again", [](world&, const step_call&) {}}),
                 std::logic_error);
    EXPECT_EQ(step_table().at("sync").help, "one GET /sync (initial without since)");
}

}  // namespace
}  // namespace mxc::steps
