#include "refserver/api.hpp"

#include "matrix/json_limits.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <boost/url/parse.hpp>

namespace mxc::refserver {

namespace {

// The request line with any access_token in the query blanked: tokens never reach a log.
std::string loggable_target(std::string_view target) {
    std::string out(target);
    for (auto at = out.find("access_token="); at != std::string::npos;
         at = out.find("access_token=", at + 1)) {
        const auto start = at + 13;
        const auto end = out.find('&', start);
        out.replace(start, (end == std::string::npos ? out.size() : end) - start, "<redacted>");
    }
    return out;
}

}  // namespace

void log_request(const config& cfg, std::string_view prefix, const net::request& req,
                 const net::connection_info& conn, unsigned status, std::size_t bytes,
                 std::chrono::steady_clock::duration took) {
    if (!cfg.log) return;
    const auto now =
        std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    const double ms = std::chrono::duration<double, std::milli>(took).count();
    cfg.log(fmt::format("{:%Y-%m-%dT%H:%M:%S}Z {}{}:{} \"{} {}\" {} {}B {:.1f}ms", now, prefix,
                        conn.remote.address().to_string(), conn.remote.port(),
                        std::string(req.method_string()), loggable_target(req.target()), status,
                        bytes, ms));
}

json api_request::body_object() const {
    // Bounded (matrix/json_limits.hpp): too deep or too many values is M_BAD_JSON before any
    // parsing; a name twice in one object is not JSON we accept, as text that does not parse.
    auto parsed = matrix::parse_checked(raw.body());
    if (!parsed.value)
        throw api_error(400, parsed.over_limits ? "M_BAD_JSON" : "M_NOT_JSON",
                        "request body " + parsed.problem);
    if (!parsed.value->is_object())
        throw api_error(400, "M_BAD_JSON", "request body must be a JSON object");
    return std::move(*parsed.value);
}

api_request parse_request(net::request& raw) {
    auto target = boost::urls::parse_origin_form(std::string_view(raw.target()));
    if (!target) throw api_error(400, "M_UNRECOGNIZED", "request target is not a valid path");
    api_request r{raw, std::string(target->encoded_path()), {}, {}, {}};
    for (auto seg : target->segments()) r.segments.emplace_back(seg);
    for (auto param : target->params()) r.query[param.key] = param.has_value ? param.value : "";
    const std::string_view auth = raw[net::http::field::authorization];
    constexpr std::string_view bearer = "Bearer ";
    if (auth.size() > bearer.size() && net::beast::iequals(auth.substr(0, bearer.size()), bearer))
        r.access_token = std::string(auth.substr(bearer.size()));
    else if (auto it = r.query.find("access_token"); it != r.query.end())
        r.access_token = it->second;  // legacy, still used by SyTest
    return r;
}

net::response to_response(const json_reply& reply) {
    net::response res{static_cast<net::http::status>(reply.status), 11};
    res.set(net::http::field::content_type, "application/json");
    res.set(net::http::field::access_control_allow_origin, "*");
    res.body() = reply.body.dump(-1, ' ', false, json::error_handler_t::replace);
    return res;
}

net::response error_response(const api_error& e) {
    return to_response({e.status(), e.body()});
}

device_record authenticate(server_state& s, const api_request& r) {
    const bool forbidden = s.cfg.faults.has(fault::auth_errcode_forbidden);
    if (r.access_token.empty()) {
        if (forbidden) throw api_error(403, "M_FORBIDDEN", "no access token in the request");
        throw api_error(401, "M_MISSING_TOKEN", "no access token in the request");
    }
    auto device = s.db.device_for_token(r.access_token);
    if (!device) {
        if (forbidden) throw api_error(403, "M_FORBIDDEN", "unrecognised access token");
        throw api_error(401, "M_UNKNOWN_TOKEN", "unrecognised access token",
                        json{{"soft_logout", false}});
    }
    return *device;
}

}  // namespace mxc::refserver
