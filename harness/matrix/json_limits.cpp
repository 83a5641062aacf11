#include "matrix/json_limits.hpp"

#include <fmt/format.h>

#include <limits>
#include <vector>

namespace mxc::matrix {

namespace {

struct shape {
    int depth = 0;           // the deepest nesting
    std::size_t values = 1;  // an upper bound: one value, plus one per container and comma
};

// One pass over text, outside strings, stopping as soon as a limit is passed.
shape measure(std::string_view text, int max_depth, std::size_t max_values) {
    shape s;
    int depth = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            s.depth = std::max(s.depth, ++depth);
            ++s.values;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',') {
            ++s.values;
        }
        if (s.depth > max_depth || s.values > max_values) break;
    }
    return s;
}

// Thrown out of the parser callback: the parse stops at the first object with a duplicate.
struct duplicate_name {};

}  // namespace

bool nested_too_deeply(std::string_view text, int max_depth) {
    return measure(text, max_depth, std::numeric_limits<std::size_t>::max()).depth > max_depth;
}

parsed_json parse_checked(std::string_view text, duplicate_names duplicates) {
    const auto s = measure(text, max_json_depth, max_json_values);
    if (s.depth > max_json_depth)
        return {{}, fmt::format("nests deeper than {} levels", max_json_depth), true};
    if (s.values > max_json_values)
        return {{}, fmt::format("holds more than {} values", max_json_values), true};
    using json = nlohmann::json;
    if (duplicates == duplicate_names::keep_last) {
        auto j = json::parse(text, nullptr, false);
        if (j.is_discarded()) return {{}, "is not JSON"};
        return {std::move(j), {}};
    }
    // The names seen in each open object, counted: at its end, fewer members than names means
    // one came twice (nlohmann keeps the last).
    std::vector<std::size_t> names;
    const json::parser_callback_t count = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
                names.push_back(0);
                break;
            case json::parse_event_t::key:
                ++names.back();
                break;
            case json::parse_event_t::object_end:
                if (parsed.size() != names.back()) throw duplicate_name{};
                names.pop_back();
                break;
            default:
                break;
        }
        return true;
    };
    try {
        auto j = json::parse(text, count, false);
        if (j.is_discarded()) return {{}, "is not JSON"};
        return {std::move(j), {}};
    } catch (const duplicate_name&) {
        return {{}, "names a member twice in one object"};
    }
}

std::optional<nlohmann::json> parse_bounded(std::string_view text, duplicate_names duplicates) {
    return parse_checked(text, duplicates).value;
}

}  // namespace mxc::matrix
