// `observe:` on a step: what an observed case records of the server's behaviour, as parts of
// its observation, one normalised line that compares equal across runs and servers when the
// behaviour is the same (issue 11, "Observations"). Checked when the suite loads.
#pragma once

#include <functional>
#include <vector>

#include "steps/step.hpp"

namespace mxc::steps {

// A request step's `observe: KEY` records KEY=200, KEY=400/M_BAD_JSON, or, when no answer came,
// KEY=closed (the connection ended) or KEY=no_answer (the deadline passed).
// A wait's `observe: {KEY: what, ...}` records, for the to-device events (or EDUs) it saw,
// sentinels left out:
//   {count: {event subset}}  how many events match the subset: KEY=2
//   {order: /json/pointer}    whether the values there rose in the order listed: KEY=kept,
//                             KEY=reordered (KEY=none when no event has one)
//   {batch: N}                how many events the Nth response that listed any held: KEY=100
//   {shape: to_device}        the last response's to_device: KEY=absent, KEY=empty or KEY=listed
// Throws a load error naming `where` for a form the step does not take, or anything else.
void validate_observe(const json& observe, const core::source_mark& where, bool takes_key,
                      bool takes_map);

// Whether a step carries `observe`: it then answers for the server's reply instead of the
// default expectation of a success.
bool observes(const step_call& c);

void observe_reply(world& w, const step_call& c, const matrix::reply& r);
void observe_no_answer(world& w, const step_call& c, bool timed_out);

// A request step's call and its answer: the reply is observed (when the step observes) and
// held to the step's `expect`; no answer at all is observed, or stops the case.
void call_and_answer(world& w, const step_call& c, const std::function<matrix::reply()>& call);

struct observed_events {
    const json& events;                // every event seen, in order
    const std::vector<json>& batches;  // the events of each response that listed any
    const json& last_response;         // for {shape: to_device}; null for EDUs
};
void observe_events(world& w, const step_call& c, const observed_events& seen);

}  // namespace mxc::steps
