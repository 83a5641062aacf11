// What sync, sync_until and long_poll share: one /sync with a deadline that follows its timeout,
// and the paced wait (sync_wait.cpp) that polls /sync until the events seen satisfy a condition,
// proves a missing message missing with a sentinel, and says what the server did instead.
#pragma once

#include "steps/expect.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

// How long a /sync with `timeout_ms` may take before the harness gives up on it: the timeout, the
// usual allowance, and 30 s more, since a server may hold a long-poll past the timeout the client
// asked for (one real server holds every /sync for at least 15 s). Only
// to_device.wake.timeout_honoured judges that; elsewhere it must not end a case (issue 9).
std::chrono::milliseconds sync_deadline(world& w, std::int64_t timeout_ms);

// One GET /sync as `who` (on `via` when given: a second connection). Transport trouble is a
// core::harness_error, except with `answer_within`: that is then the deadline, and a response
// that does not come by it throws net::deadline_error for the caller to judge.
matrix::reply sync_once(world& w, const step_call& c, actor& who, const std::string& since,
                        std::int64_t timeout_ms, matrix::client* via,
                        std::function<void()> on_written,
                        std::optional<std::chrono::milliseconds> answer_within = std::nullopt);

struct sync_progress {
    int responses = 0;
    int answered_empty_at_once = 0;  // responses that came at once and listed nothing new
    json events = json::array();     // every to-device event seen (sentinels left out), in order
    std::vector<json> batches;       // the events of each response that listed any, in order
    json last;                       // the last response
    std::chrono::steady_clock::time_point last_at;
    std::optional<expect_failure> failure;  // of the condition, at the last response
    // When the condition failed: what the server did instead, in terms of the requirement
    // ("re-syncing from since S answered 37 times at once with no events; ..."); empty when
    // nothing more than the matcher's own mismatch can be said.
    std::string finding;
};

// Polls (moving `since` forward unless advance: false) until `until` holds for the events seen
// or the deadline passes. `via`: another connection (a long-poll beside other calls).
struct sync_hooks {
    std::function<void()> on_first_written;  // the first request is on the wire
    std::function<void()> on_response;       // a response came back
    // Whether everything the wait may be waiting for has been sent; a sentinel is sent only
    // after that (a long-poll's `during` steps run beside it). Empty: yes.
    std::function<bool()> sends_done;
};
sync_progress sync_until_satisfied(world& w, const step_call& c, actor& who, std::string since,
                                   const json& until,
                                   std::chrono::steady_clock::time_point deadline,
                                   matrix::client* via, const sync_hooks& hooks = {});

// Records the wait in the transcript, and a failed check (ending the case) if it expired.
void narrate_wait(world& w, const step_call& c, const std::string& what, const json& until,
                  const sync_progress& p, double bound_ms, double waited_ms);

}  // namespace mxc::steps
