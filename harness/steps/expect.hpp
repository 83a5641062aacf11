// The `expect:` block of a step: what the server's answer must show. Checked for known keys
// when the suite loads; applied, after substitution, to each answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "match/matchers.hpp"
#include "matrix/client.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

// Throws a load error (file:line:column) for an unknown key or a value of the wrong shape.
void validate_expect(const json& expect, const core::source_mark& where);

// The first matcher of `expect` that the answer fails, with its name, or nothing.
struct expect_failure {
    std::string matcher;
    match::mismatch m;
};
std::optional<expect_failure> first_failure(const json& expect, unsigned status, const json& body);

// Records one check per matcher of `expect` and ends the case on the first failure.
void require_expect(world& w, const step_call& c, const json& expect, const matrix::reply& r);

// Expect block a step uses when the case gives none (a plain success).
json default_expect();

// What a request step does with its answer: checks its `expect` (by default a success, unless
// the step observes the answer instead: then only a given `expect`), and saves its `save`.
void answer_expected(world& w, const step_call& c, const matrix::reply& r);

// The event type of the sentinels a wait sends to prove a message missing (sync_wait.cpp). The
// matchers never see them, so a sentinel left in a queue changes no later verdict.
inline constexpr std::string_view sentinel_type = "org.mxconform.sentinel";

// The to_device.events of a /sync response as the matchers see them: the harness's sentinels
// left out (a missing to_device counts as no events).
json case_events(const json& sync_response);

// Whether later events could still make `expect` hold for the to-device `events` seen so far: a
// missing message may yet come, but an excess, a duplicate or a wrong order is there for good.
bool could_still_hold(const json& expect, const json& events);

// Whether `expect` needs a to-device message to be there (has, a non-empty exactly, a count
// above zero, values): a wait for it is a wait for delivery, and a pass is evidence of one.
bool awaits_delivery(const json& expect);

}  // namespace mxc::steps
