#include "steps/observe.hpp"

#include <fmt/format.h>

#include <cctype>

#include "match/matchers.hpp"
#include "steps/expect.hpp"
#include "steps/load_error.hpp"
#include "steps/world.hpp"

namespace mxc::steps {

namespace {

const char* const events_forms =
    "observe is a map of KEY: {count: {event subset}} | {order: /pointer} | {batch: N} | "
    "{shape: to_device}";

// A key must keep the observation one space-separated line of key=value parts.
bool plain_key(const std::string& key) {
    return !key.empty() && key.find_first_of(" =\t\n") == std::string::npos;
}

std::string order_of(const json& events, const json::json_pointer& ptr) {
    const json* previous = nullptr;
    bool any = false;
    for (const auto& e : events) {
        const json* v = match::value_at(e, ptr);
        if (!v) continue;
        if (previous && *v < *previous) return "reordered";
        previous = v;
        any = true;
    }
    return any ? "kept" : "none";
}

// An errcode as one token: a hostile server's text must not break the line apart.
std::string token(std::string s) {
    std::erase_if(s,
                  [](unsigned char ch) { return !(std::isalnum(ch) || ch == '_' || ch == '.'); });
    return s.substr(0, 64);
}

std::string shape_of(const json& response) {
    if (!response.is_object() || !response.contains("to_device")) return "absent";
    const auto& td = response["to_device"];
    if (!td.is_object() || !td.contains("events")) return "no_events_key";
    if (!td["events"].is_array()) return "events_not_a_list";
    return td["events"].empty() ? "empty" : "listed";
}

}  // namespace

void validate_observe(const json& observe, const core::source_mark& where, bool takes_key,
                      bool takes_map) {
    if (takes_key && observe.is_string()) {
        if (!plain_key(observe.get<std::string>()))
            throw load_error(where, "observe names a key without spaces or '='");
        return;
    }
    if (!takes_map || !observe.is_object() || observe.empty())
        throw load_error(where, takes_map ? events_forms
                                          : "observe is the key the answer's status is "
                                            "recorded under, e.g. observe: status");
    for (const auto& [key, what] : observe.items()) {
        if (!plain_key(key))
            throw load_error(where, fmt::format("observe key '{}' has a space or '='", key));
        const bool ok = what.is_object() && what.size() == 1 &&
                        ((what.contains("count") && what["count"].is_object()) ||
                         (what.contains("order") && what["order"].is_string() &&
                          what["order"].get<std::string>().starts_with("/")) ||
                         (what.contains("batch") && what["batch"].is_number_integer() &&
                          what["batch"].get<std::int64_t>() >= 1) ||
                         (what.contains("shape") && what["shape"] == "to_device"));
        if (!ok) throw load_error(where, fmt::format("observe.{}: {}", key, events_forms));
    }
}

bool observes(const step_call& c) {
    return c.args.contains("observe");
}

void observe_reply(world& w, const step_call& c, const matrix::reply& r) {
    if (!observes(c) || !c.args["observe"].is_string()) return;
    const std::string errcode = token(r.errcode());
    w.run().observe(
        c.args["observe"].get<std::string>(),
        errcode.empty() ? std::to_string(r.status) : fmt::format("{}/{}", r.status, errcode));
}

void observe_no_answer(world& w, const step_call& c, bool timed_out) {
    if (!observes(c) || !c.args["observe"].is_string()) return;
    w.run().observe(c.args["observe"].get<std::string>(), timed_out ? "no_answer" : "closed");
}

void call_and_answer(world& w, const step_call& c, const std::function<matrix::reply()>& call) {
    matrix::reply r;
    try {
        r = call();
    } catch (const no_answer& e) {
        if (!observes(c)) throw;
        observe_no_answer(w, c, e.timed_out);
        return;
    }
    observe_reply(w, c, r);
    answer_expected(w, c, r);
}

void observe_events(world& w, const step_call& c, const observed_events& seen) {
    if (!observes(c) || !c.args["observe"].is_object()) return;
    const json wanted = w.substitute(c.args["observe"]);
    for (const auto& [key, what] : wanted.items()) {
        std::string value;
        if (what.contains("count")) {
            std::size_t n = 0;
            for (const auto& e : seen.events)
                if (!match::subset(what["count"], e)) ++n;
            value = std::to_string(n);
        } else if (what.contains("order")) {
            value = order_of(seen.events, json::json_pointer(what["order"].get<std::string>()));
        } else if (what.contains("batch")) {
            const auto i = what["batch"].get<std::size_t>();
            value = std::to_string(i <= seen.batches.size() ? seen.batches[i - 1].size() : 0);
        } else {
            value = shape_of(seen.last_response);
        }
        w.run().observe(key, value);
    }
}

}  // namespace mxc::steps
