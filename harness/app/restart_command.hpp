// Restarting a live target (issue 10, "Target restarts"): the user's --restart-cmd run through
// the shell, then /versions awaited until the target answers again. Both bounded.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace mxc::app {

// Runs `cmd` with /bin/sh -c, mxconform's environment plus `extra` (NAME, value), stdin from
// /dev/null and its output to a temporary file. Throws std::runtime_error with one line naming
// the command when it cannot start, exits non-zero (with the last line it printed) or does not
// end within `within` (it is then killed). Returns how long it ran.
std::chrono::milliseconds run_shell_command(
    const std::string& cmd, const std::vector<std::pair<std::string, std::string>>& extra,
    std::chrono::milliseconds within);

// Calls `answers_200` (one GET /versions) until it returns true, pausing 100 ms, doubling to
// 2 s, between attempts; `attempted` hears each attempt's result ("HTTP 502", "connection
// refused"). Returns the number of attempts, or 0 when `within` passed first.
int await_answer(const std::function<bool(std::string& outcome)>& answers_200,
                 std::chrono::milliseconds within,
                 const std::function<void(int attempt, const std::string& outcome)>& attempted);

}  // namespace mxc::app
