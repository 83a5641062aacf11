// The step vocabulary YAML cases use. A step is a name, the keys it takes (checked when the
// suite loads, so a typo is an error and never ignored) and the code that runs it.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/case_def.hpp"
#include "steps/world.hpp"

namespace mxc::steps {

struct step_call {
    std::string name;
    json args;  // as written, before substitution
    core::source_mark where;
    std::vector<step_call> children;  // for steps that hold steps (long_poll's `during`)
};

// Which forms of `observe:` a step takes (steps/observe.hpp): the status of its reply, the events
// it saw, or both. A step that takes one has the `observe` key without listing it.
enum class observe_forms { none, reply, events, reply_and_events };

struct step_def {
    std::string name;
    std::set<std::string> required;
    std::set<std::string> optional;
    std::string help;  // one line, for `mxconform list --steps`
    std::function<void(world&, const step_call&)> run;
    // Names of keys whose value is a list of steps.
    std::set<std::string> nested = {};
    observe_forms observes = observe_forms::none;
};

// Every step, by name.
const std::map<std::string, step_def>& step_table();

// How a step file adds its steps, as C++ cases do (core::registry::builtin()): one namespace-scope
//     const step_registration login_step{{"login", {"as", "name"}, {"device_id"}, "help", login}};
// per step, so the name is written once. A name registered twice throws std::logic_error before
// main. The steps are linked as object files, never from a static library (CMakeLists.txt,
// mxc_steps), because the linker would drop a step file that nothing else refers to.
struct step_registration {
    explicit step_registration(step_def def);
};

// Runs a step of the table (used by steps that hold steps).
void run_step(world& w, const step_call& call);

// Helpers the steps share.
std::string arg_string(const world& w, const step_call& c, const char* key,
                       const std::string& fallback = {});
std::int64_t arg_int(const world& w, const step_call& c, const char* key, std::int64_t fallback);
// Saves values of a response into variables: save: {var: next_batch | /json/pointer}.
void save_from(world& w, const step_call& c, const json& response);
std::string describe(const step_call& c);  // "sync at suites/x.yaml:12:7"

}  // namespace mxc::steps
