// JSON matchers. Each returns nothing when the value matches, or a mismatch saying where,
// what was expected and what was there (STYLE.md house habit 6: matchers return a mismatch).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mxc::match {

using json = nlohmann::json;

struct mismatch {
    std::string where;  // JSON pointer into the actual value
    std::string expected;
    std::string actual;
};

using result = std::optional<mismatch>;

// Short one-line rendering of a JSON value, cut at `max` characters.
std::string brief(const json& v, std::size_t max = 200);

// Every key of `expected` is in `actual` with a matching value (recursively); arrays must
// have the same length and match element by element; scalars must be equal.
result subset(const json& expected, const json& actual, const std::string& where = "");
// Equal, key for key: an extra key in `actual` is a mismatch.
result exact(const json& expected, const json& actual, const std::string& where = "");

// On the to_device.events of a /sync response (a missing to_device counts as no events).
json to_device_events(const json& sync_response);
// The value at ptr in v, or null when there is none. Unlike nlohmann's contains(), an array
// index too large for size_t is absent rather than an exception (found by fuzz/match.cpp).
const json* value_at(const json& v, const json::json_pointer& ptr);
result any_event(const json& event_subset, const json& events);   // one event matches the subset
result no_event(const json& event_subset, const json& events);    // no event matches the subset
result events_exactly(const json& expected, const json& events);  // same list, same keys, in order
result event_count(std::size_t n, const json& events);
result event_count_at_most(std::size_t n, const json& events);
// The values at `pointer` of the events that have one, in order, equal `values`.
result event_values(const std::string& pointer, const json& values, const json& events);

}  // namespace mxc::match
