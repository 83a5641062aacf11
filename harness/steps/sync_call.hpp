// What sync_until and long_poll share: polling /sync until the events seen satisfy a
// condition, and narrating the wait.
#pragma once

#include "steps/expect.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

struct sync_progress {
    int responses = 0;
    json events = json::array();  // every to-device event seen, in order
    json last;                    // the last response
    std::chrono::steady_clock::time_point last_at;
    std::optional<expect_failure> failure;  // of the condition, at the last response
};

matrix::reply sync_once(world& w, const step_call& c, actor& who, const std::string& since,
                        std::int64_t timeout_ms, matrix::client* via,
                        std::function<void()> on_written);

// Polls (moving `since` forward unless advance: false) until `until` holds for the events
// seen or the deadline passes. `via`: another connection (a long-poll beside other calls).
struct sync_hooks {
    std::function<void()> on_first_written;  // the first request is on the wire
    std::function<void()> on_response;       // a response came back
};
sync_progress sync_until_satisfied(world& w, const step_call& c, actor& who, std::string since,
                                   const json& until,
                                   std::chrono::steady_clock::time_point deadline,
                                   matrix::client* via, const sync_hooks& hooks = {});

// Records the wait in the transcript, and a failed check (ending the case) if it expired.
void narrate_wait(world& w, const step_call& c, const std::string& what, const json& until,
                  const sync_progress& p, double bound_ms, double waited_ms);

}  // namespace mxc::steps
