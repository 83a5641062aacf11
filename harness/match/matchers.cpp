#include "match/matchers.hpp"

#include <fmt/format.h>

namespace mxc::match {

std::string brief(const json& v, std::size_t max) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > max) s = s.substr(0, max) + "…";
    return s;
}

namespace {
std::string type_name(const json& v) {
    return v.is_discarded() ? "nothing" : v.type_name();
}

result compare(const json& expected, const json& actual, const std::string& where,
               bool exact_keys) {
    if (expected.is_object()) {
        if (!actual.is_object())
            return mismatch{where, "an object " + brief(expected),
                            type_name(actual) + " " + brief(actual)};
        for (const auto& [k, v] : expected.items()) {
            const auto path = where + (json::json_pointer() / k).to_string();
            auto it = actual.find(k);
            if (it == actual.end())
                return mismatch{path, fmt::format("key '{}' = {}", k, brief(v)), "no such key"};
            if (auto m = compare(v, *it, path, exact_keys)) return m;
        }
        if (exact_keys) {
            for (const auto& [k, v] : actual.items())
                if (!expected.contains(k))
                    return mismatch{where + (json::json_pointer() / k).to_string(),
                                    "no key '" + k + "'", "'" + k + "' = " + brief(v)};
        }
        return std::nullopt;
    }
    if (expected.is_array()) {
        if (!actual.is_array())
            return mismatch{where, "an array " + brief(expected),
                            type_name(actual) + " " + brief(actual)};
        if (expected.size() != actual.size())
            return mismatch{where, fmt::format("{} elements", expected.size()),
                            fmt::format("{} elements: {}", actual.size(), brief(actual))};
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (auto m =
                    compare(expected[i], actual[i], where + "/" + std::to_string(i), exact_keys))
                return m;
        return std::nullopt;
    }
    // Numbers compare by value whatever their JSON flavour (1 == 1.0 is not asked for here).
    if (expected != actual) return mismatch{where, brief(expected), brief(actual)};
    return std::nullopt;
}
}  // namespace

result subset(const json& expected, const json& actual, const std::string& where) {
    return compare(expected, actual, where, false);
}

result exact(const json& expected, const json& actual, const std::string& where) {
    return compare(expected, actual, where, true);
}

json to_device_events(const json& sync_response) {
    if (!sync_response.is_object()) return json::array();
    auto td = sync_response.find("to_device");
    if (td == sync_response.end() || !td->is_object()) return json::array();
    auto ev = td->find("events");
    if (ev == td->end() || !ev->is_array()) return json::array();
    return *ev;
}

namespace {
std::string list_brief(const json& events) {
    if (events.empty()) return "no events";
    return fmt::format("{} event(s): {}", events.size(), brief(events, 400));
}
}  // namespace

result any_event(const json& event_subset, const json& events) {
    for (const auto& e : events)
        if (!subset(event_subset, e)) return std::nullopt;
    return mismatch{"/to_device/events", "an event matching " + brief(event_subset),
                    list_brief(events)};
}

result no_event(const json& event_subset, const json& events) {
    for (std::size_t i = 0; i < events.size(); ++i)
        if (!subset(event_subset, events[i]))
            return mismatch{"/to_device/events/" + std::to_string(i),
                            "no event matching " + brief(event_subset),
                            "event " + brief(events[i])};
    return std::nullopt;
}

result events_exactly(const json& expected, const json& events) {
    if (auto m = exact(expected, events, "/to_device/events")) {
        if (expected.size() != events.size())
            return mismatch{
                m->where,
                fmt::format("exactly {} event(s): {}", expected.size(), brief(expected, 400)),
                list_brief(events)};
        return m;
    }
    return std::nullopt;
}

result event_count(std::size_t n, const json& events) {
    if (events.size() == n) return std::nullopt;
    return mismatch{"/to_device/events", fmt::format("{} event(s)", n), list_brief(events)};
}

result event_count_at_most(std::size_t n, const json& events) {
    if (events.size() <= n) return std::nullopt;
    return mismatch{"/to_device/events", fmt::format("at most {} event(s)", n),
                    fmt::format("{} events", events.size())};
}

const json* value_at(const json& v, const json::json_pointer& ptr) {
    try {
        return v.contains(ptr) ? &v.at(ptr) : nullptr;
    } catch (const json::out_of_range&) {
        return nullptr;
    }
}

result event_values(const std::string& pointer, const json& values, const json& events) {
    json::json_pointer ptr;
    try {
        ptr = json::json_pointer(pointer);
    } catch (const json::parse_error&) {
        return mismatch{"/to_device/events", "values at a JSON pointer",
                        "'" + pointer + "', which is not a JSON pointer (RFC 6901)"};
    }
    json seen = json::array();
    for (const auto& e : events)
        if (const json* v = value_at(e, ptr)) seen.push_back(*v);
    if (seen == values) return std::nullopt;
    // Name the first place the sequences part, which is what a reader needs.
    std::size_t i = 0;
    while (i < seen.size() && i < values.size() && seen[i] == values[i]) ++i;
    return mismatch{"/to_device/events",
                    fmt::format("{} values at {} in this order: {}", values.size(), pointer,
                                brief(values, 300)),
                    fmt::format("{} values: {} (first difference at position {})", seen.size(),
                                brief(seen, 300), i)};
}

}  // namespace mxc::match
