#include "refserver/filters.hpp"

#include <fmt/format.h>

#include "matrix/json_limits.hpp"

namespace mxc::refserver {

namespace {

// What is wrong with a filter's top-level fields (client-server API, "Filtering"), or empty.
// The parts this server has nothing to filter by are only checked to be objects.
std::string filter_problem(const json& filter) {
    if (!filter.is_object()) return "a filter must be a JSON object";
    if (auto f = filter.find("event_fields"); f != filter.end()) {
        if (!f->is_array()) return "'event_fields' must be an array of strings";
        for (const auto& field : *f)
            if (!field.is_string()) return "'event_fields' must be an array of strings";
    }
    if (auto f = filter.find("event_format"); f != filter.end())
        if (*f != "client" && *f != "federation")
            return "'event_format' must be \"client\" or \"federation\"";
    for (const char* key : {"account_data", "presence", "room"})
        if (auto f = filter.find(key); f != filter.end() && !f->is_object())
            return fmt::format("'{}' must be an object", key);
    return {};
}

}  // namespace

device_record filters::owner(const api_request& r, const std::string& user_id) {
    auto device = authenticate(s_, r);
    if (device.user_id != user_id)
        throw api_error(403, "M_FORBIDDEN", "filters of another user cannot be used");
    return device;
}

json_reply filters::create(const api_request& r, const std::string& user_id) {
    owner(r, user_id);
    const json body = r.body_object();
    if (auto problem = filter_problem(body); !problem.empty())
        throw api_error(400, "M_BAD_JSON", problem);
    return {200, json{{"filter_id", s_.db.add_filter(user_id, body.dump())}}};
}

json_reply filters::get(const api_request& r, const std::string& user_id,
                        const std::string& filter_id) {
    owner(r, user_id);
    auto stored = s_.db.find_filter(user_id, filter_id);
    if (!stored) throw api_error(404, "M_NOT_FOUND", "no such filter");
    return {200, json::parse(*stored)};
}

// GET /sync's `filter` is "the ID of a filter created using the filter API or a filter JSON
// object", told apart by a leading "{" (client-server API, "GET /_matrix/client/v3/sync").
// The spec names no error for a bad one; like any other invalid query parameter it is
// 400 M_INVALID_PARAM ("Standard error response", common error codes).
void check_sync_filter(server_state& s, const std::string& user_id, const std::string& value) {
    if (!value.empty() && value.front() == '{') {
        if (matrix::nested_too_deeply(value))
            throw api_error(400, "M_INVALID_PARAM", "'filter' nests too deeply");
        json inline_filter;
        try {
            inline_filter = json::parse(value);
        } catch (const json::parse_error&) {
            throw api_error(400, "M_INVALID_PARAM", "'filter' starts with '{' but is not JSON");
        }
        if (auto problem = filter_problem(inline_filter); !problem.empty())
            throw api_error(400, "M_INVALID_PARAM", "'filter': " + problem);
        return;
    }
    if (!s.db.find_filter(user_id, value))
        throw api_error(400, "M_INVALID_PARAM",
                        fmt::format("'filter' is no filter id of {}", user_id));
}

}  // namespace mxc::refserver
