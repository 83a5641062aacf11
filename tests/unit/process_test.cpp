// The tests' own child-process runner (support/process.hpp): what the badtarget, selftest and
// refserver tests rely on when they run mxconform.
#include <gtest/gtest.h>

#include <signal.h>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* shell = "/bin/sh";

TEST(process, captures_stdout_and_stderr_in_order_and_the_exit_code) {
    const auto r = run_process(shell, {"-c", "echo out; echo err >&2; echo out2; exit 3"}, 30s);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.output, "out\nerr\nout2\n");
}

TEST(process, passes_arguments_as_they_are_and_sets_the_environment) {
    const auto r =
        run_process(shell, {"-c", "printf '%s|' \"$1\" \"$MXC_TEST_VAR\"", "sh", "a b;*"}, 30s,
                    {{"MXC_TEST_VAR", "x=y"}});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output, "a b;*|x=y|");
}

TEST(process, a_child_past_its_deadline_is_killed) {
    const auto r = run_process(shell, {"-c", "echo started; exec sleep 60"}, 300ms);
    EXPECT_TRUE(r.timed_out);
    EXPECT_EQ(r.exit_code, 128 + SIGKILL);
    EXPECT_EQ(r.output, "started\n");
    EXPECT_LT(r.elapsed, 20s);
}

TEST(process, a_binary_that_cannot_start_is_named) {
    const auto r = run_process("/nonexistent/mxc-binary", {}, 30s);
    EXPECT_EQ(r.exit_code, -1);
    EXPECT_NE(r.output.find("/nonexistent/mxc-binary"), std::string::npos) << r.output;
}

TEST(process, a_child_can_be_signalled_and_waited_for) {
    temp_dir dir;
    child_process child(shell, {"-c", "exec sleep 60"}, dir.path() / "log");
    EXPECT_FALSE(child.wait_for(0ms));
    child.signal(SIGTERM);
    EXPECT_EQ(child.wait_for(20s), 128 + SIGTERM);
}

}  // namespace
}  // namespace mxc::test
