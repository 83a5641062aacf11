#include "refserver/federation_api.hpp"

#include <fmt/format.h>

#include "matrix/ids.hpp"
#include "refserver/blocking.hpp"
#include "refserver/federation_txn.hpp"
#include "util/clock.hpp"

namespace mxc::refserver {

namespace http = net::http;

namespace {

// Unsupported endpoints answer 404 M_UNRECOGNIZED (server-server API, "Unsupported endpoints").
api_error unrecognized(bool path_known) {
    if (path_known) return api_error(405, "M_UNRECOGNIZED", "method not allowed on this endpoint");
    return api_error(404, "M_UNRECOGNIZED", "unrecognised request");
}

}  // namespace

net::asio::awaitable<std::string> federation_api::authenticate(const api_request& r,
                                                               const json* content) {
    std::vector<std::string> headers;
    for (auto [it, end] = r.raw.equal_range(http::field::authorization); it != end; ++it)
        headers.emplace_back(it->value());
    const std::string method(r.raw.method_string());
    const std::string uri(r.raw.target());
    // The key lookup may fetch the origin's keys over HTTPS: off the server thread, so that a
    // slow or hostile origin stalls only its own request.
    auto job = [&]() -> matrix::request_check {
        try {
            return matrix::verify_request(method, uri, content, headers, s_.server_name,
                                          keys_.as_lookup());
        } catch (const std::exception& e) {
            matrix::request_check failed;
            failed.reason = e.what();
            return failed;
        }
    };
    const auto check = co_await run_blocking(pool_, std::move(job));
    if (!check && s_.cfg.faults.has(fault::no_inbound_auth)) {
        // The fault believes whoever the header, or failing that the body, says is speaking.
        std::string origin = check.origin;
        if (origin.empty() && content && content->is_object() && content->contains("origin") &&
            (*content)["origin"].is_string())
            origin = (*content)["origin"].get<std::string>();
        co_return origin;
    }
    if (!check) {
        if (s_.cfg.log)
            s_.cfg.log(fmt::format("federation: refused {} {}{}: {}", method, uri,
                                   check.origin.empty() ? "" : " from " + check.origin,
                                   check.reason));
        throw api_error(401, "M_UNAUTHORIZED", check.reason);
    }
    co_return check.origin;
}

bool federation_api::is_local_user(const std::string& user_id) {
    const auto uid = matrix::parse_user_id(user_id);
    return uid && uid->server_name == s_.server_name && s_.db.user_exists(user_id);
}

json_reply federation_api::user_devices(const std::string& user_id) {
    if (!is_local_user(user_id))
        throw api_error(404, "M_NOT_FOUND", fmt::format("no user '{}' here", user_id));
    json devices = json::array();
    std::int64_t stream_id = 0;  // the newest device row: it grows whenever a device is added
    for (const auto& d : s_.db.devices_of(user_id)) {
        json device{{"device_id", d.device_id}};
        if (!d.display_name.empty()) device["device_display_name"] = d.display_name;
        devices.push_back(std::move(device));
        stream_id = std::max(stream_id, d.row);
    }
    return {200,
            json{{"user_id", user_id}, {"stream_id", stream_id}, {"devices", std::move(devices)}}};
}

json_reply federation_api::profile(const api_request& r) {
    auto it = r.query.find("user_id");
    if (it == r.query.end()) throw api_error(400, "M_MISSING_PARAM", "missing 'user_id'");
    if (!is_local_user(it->second))
        throw api_error(404, "M_NOT_FOUND", fmt::format("no user '{}' here", it->second));
    return {200, json::object()};  // no display names or avatars on this server
}

net::asio::awaitable<json_reply> federation_api::dispatch(const api_request& r) {
    const auto& seg = r.segments;
    const auto n = seg.size();
    const auto method = r.raw.method();
    if (n < 2 || seg[0] != "_matrix") throw unrecognized(false);

    if (n >= 4 && n <= 5 && seg[1] == "key" && seg[2] == "v2" && seg[3] == "server") {
        if (method != http::verb::get) throw unrecognized(true);
        co_return json_reply{
            200, matrix::make_server_keys(s_.server_name, key_, util::unix_ms() + 3'600'000)};
    }
    if (n < 4 || seg[1] != "federation" || seg[2] != "v1") throw unrecognized(false);
    if (n == 4 && seg[3] == "version") {
        if (method != http::verb::get) throw unrecognized(true);
        co_return json_reply{200,
                             {{"server", {{"name", "mxconform-refserver"}, {"version", "1"}}}}};
    }
    if (n == 5 && seg[3] == "send") {
        if (method != http::verb::put) throw unrecognized(true);
        const json body = r.body_object();
        const auto origin = co_await authenticate(r, &body);
        co_return receive_transaction(s_, origin, seg[4], body);
    }
    if (n == 6 && seg[3] == "user" && seg[4] == "devices") {
        if (method != http::verb::get) throw unrecognized(true);
        co_await authenticate(r, nullptr);
        co_return user_devices(seg[5]);
    }
    if (n == 5 && seg[3] == "query" && seg[4] == "profile") {
        if (method != http::verb::get) throw unrecognized(true);
        co_await authenticate(r, nullptr);
        co_return profile(r);
    }
    throw unrecognized(false);
}

net::asio::awaitable<net::response> federation_api::handle(net::request& req,
                                                           const net::connection_info& conn) {
    const auto start = std::chrono::steady_clock::now();
    auto res = co_await answer_request(*this, &federation_api::dispatch, req);
    log_request(s_.cfg, "federation ", req, conn, res.result_int(), res.body().size(),
                std::chrono::steady_clock::now() - start);
    co_return res;
}

}  // namespace mxc::refserver
