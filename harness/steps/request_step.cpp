// request, note, set: a raw client-API call (for malformed input and tokens), a line in the
// transcript, a variable.
#include <fmt/format.h>

#include <thread>

#include "steps/observe.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

namespace http = net::http;

namespace {

void request(world& w, const step_call& c) {
    actor* who = c.args.contains("as") ? &w.get(arg_string(w, c, "as")) : nullptr;
    const auto method = http::string_to_verb(arg_string(w, c, "method", "GET"));
    if (method == http::verb::unknown)
        throw core::harness_error(describe(c) + ": unknown HTTP method");
    const std::string path = arg_string(w, c, "path");
    const std::string target =
        path.starts_with("/_") ? path : w.env().client_path(path, arg_string(w, c, "prefix"));
    matrix::request_body body;
    if (c.args.contains("raw"))
        body.raw = arg_string(w, c, "raw");
    else if (c.args.contains("body"))
        body.value = w.substitute(c.args["body"]);
    std::optional<std::string> token;
    const std::string t = arg_string(w, c, "token");
    if (t == "none")
        token = std::string();
    else if (t == "bad")
        token = std::string("mxconform-not-a-token");
    call_and_answer(w, c, [&] {
        return w.call(who, method, target, body, w.run().scaled(w.env().target().request_timeout),
                      c.args.value("malformed", false), {}, token);
    });
}

void note(world& w, const step_call& c) {
    w.run().log().note(arg_string(w, c, "text"));
}

// For a case that observes what time does to the server's state (how long an undelivered
// message stays, issue 11), never to wait for something: a wait for an event is sync_until's.
void pause(world& w, const step_call& c) {
    const auto ms = arg_int(w, c, "ms", 0);
    if (ms < 1 || ms > 600'000) throw core::harness_error(describe(c) + ": ms must be 1..600000");
    const auto d = w.run().scaled(std::chrono::milliseconds(ms));
    w.run().log().note(fmt::format("pausing {} ms (scaled), as the case asks", d.count()));
    const auto until = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < until && !w.run().interrupted())
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            until - std::chrono::steady_clock::now(), std::chrono::milliseconds(100)));
}

void set(world& w, const step_call& c) {
    for (const auto& [k, v] : c.args.items()) w.set(k, w.substitute(v));
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration request_step{
    {"request",
     {"path"},
     {"as", "method", "body", "raw", "token", "malformed", "prefix", "expect", "save"},
     "any client-API request (path after the version prefix, or absolute from /_)",
     request,
     {},
     observe_forms::reply}};
const step_registration pause_step{
    {"pause",
     {"ms"},
     {},
     "let `ms` (scaled) pass, for cases that observe what time does; never to wait for an event",
     pause}};
const step_registration note_step{{"note", {"text"}, {}, "a line in the transcript", note}};
// `set` takes any keys: each becomes a variable.
const step_registration set_step{{"set", {}, {"*"}, "set variables", set}};

}  // namespace mxc::steps
