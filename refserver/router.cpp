#include "refserver/router.hpp"

#include <fmt/format.h>

#include "refserver/push_rules.hpp"

namespace mxc::refserver {

namespace http = net::http;

namespace {

api_error unrecognized(bool path_known) {
    if (path_known) return api_error(405, "M_UNRECOGNIZED", "method not allowed on this endpoint");
    return api_error(404, "M_UNRECOGNIZED", "unrecognised request");
}

json versions_body() {
    return json{{"versions",
                 json::array({"r0.0.1", "r0.1.0", "r0.2.0", "r0.3.0", "r0.4.0", "r0.5.0", "r0.6.0",
                              "r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7"})},
                {"unstable_features", json::object()}};
}

// What this server lets a client do (client-server API, "Capabilities negotiation"): a
// capability left out means "allowed", so the account changes it has no endpoint for are
// named as disabled.
json capabilities_body() {
    return json{{"capabilities",
                 {{"m.change_password", {{"enabled", false}}},
                  {"m.set_displayname", {{"enabled", false}}},
                  {"m.set_avatar_url", {{"enabled", false}}},
                  {"m.3pid_changes", {{"enabled", false}}},
                  {"m.room_versions", {{"default", "10"}, {"available", {{"10", "stable"}}}}}}}};
}

}  // namespace

net::asio::awaitable<json_reply> router::dispatch(const api_request& r) {
    const auto& seg = r.segments;
    const auto method = r.raw.method();
    auto is = [&](http::verb v) { return method == v; };
    const auto n = seg.size();

    if (n >= 2 && seg[0] == "_synapse" && n == 4 && seg[1] == "admin" && seg[2] == "v1" &&
        seg[3] == "register") {
        if (is(http::verb::get)) co_return accounts_.admin_register_nonce();
        if (is(http::verb::post)) co_return accounts_.admin_register(r);
        throw unrecognized(true);
    }
    if (n < 3 || seg[0] != "_matrix" || seg[1] != "client") throw unrecognized(false);
    if (n == 3 && seg[2] == "versions") {
        if (is(http::verb::get)) co_return json_reply{200, versions_body()};
        throw unrecognized(true);
    }
    if (seg[2] != "r0" && seg[2] != "v3") throw unrecognized(false);
    const std::vector<std::string> rest(seg.begin() + 3, seg.end());
    const auto m = rest.size();
    auto at = [&](std::initializer_list<const char*> parts) {
        if (parts.size() != m) return false;
        std::size_t i = 0;
        for (const char* p : parts) {
            if (*p != '{' && rest[i] != p) return false;
            ++i;
        }
        return true;
    };

    if (at({"sendToDevice", "{type}", "{txn}"})) {
        if (is(http::verb::put)) co_return co_await to_device_.send(r, rest[1], rest[2]);
        throw unrecognized(true);
    }
    if (at({"sync"})) {
        if (is(http::verb::get)) co_return co_await to_device_.sync(r);
        throw unrecognized(true);
    }
    if (at({"register"})) {
        if (is(http::verb::post)) co_return accounts_.register_user(r);
        throw unrecognized(true);
    }
    if (at({"register", "available"})) {
        if (is(http::verb::get)) co_return accounts_.register_available(r);
        throw unrecognized(true);
    }
    if (at({"login"})) {
        if (is(http::verb::get)) co_return accounts_.login_flows();
        if (is(http::verb::post)) co_return accounts_.login(r);
        throw unrecognized(true);
    }
    if (at({"logout"})) {
        if (is(http::verb::post)) co_return accounts_.logout(r);
        throw unrecognized(true);
    }
    if (at({"logout", "all"})) {
        if (is(http::verb::post)) co_return accounts_.logout_all(r);
        throw unrecognized(true);
    }
    if (at({"account", "whoami"})) {
        if (is(http::verb::get)) co_return accounts_.whoami(r);
        throw unrecognized(true);
    }
    if (at({"devices"})) {
        if (is(http::verb::get)) co_return accounts_.list_devices(r);
        throw unrecognized(true);
    }
    if (at({"devices", "{id}"})) {
        if (is(http::verb::get)) co_return accounts_.get_device(r, rest[1]);
        if (is(http::verb::delete_)) co_return accounts_.delete_device(r, rest[1]);
        throw unrecognized(true);
    }
    // Clients such as matrix-js-sdk read these before their first /sync.
    if (at({"pushrules", ""}) || at({"pushrules"})) {
        if (is(http::verb::get))
            co_return json_reply{200, default_push_rules(authenticate(s_, r).user_id)};
        throw unrecognized(true);
    }
    if (at({"capabilities"})) {
        if (is(http::verb::get)) {
            authenticate(s_, r);
            co_return json_reply{200, capabilities_body()};
        }
        throw unrecognized(true);
    }
    if (at({"user", "{id}", "filter"})) {
        if (is(http::verb::post)) co_return filters_.create(r, rest[1]);
        throw unrecognized(true);
    }
    if (at({"user", "{id}", "filter", "{filter}"})) {
        if (is(http::verb::get)) co_return filters_.get(r, rest[1], rest[3]);
        throw unrecognized(true);
    }
    throw unrecognized(false);
}

bool router::may_long_poll(const net::request& req) {
    if (req.method() != http::verb::get) return false;
    const std::string_view target = req.target();
    return target.substr(0, target.find('?')).ends_with("/sync");
}

net::asio::awaitable<net::response> router::handle(net::request& req,
                                                   const net::connection_info& conn) {
    const auto start = std::chrono::steady_clock::now();
    net::response res;
    if (req.method() == http::verb::options) {
        // CORS preflight, as browsers send before a client-API call.
        res = to_response({200, json::object()});
        res.set(http::field::access_control_allow_methods, "GET, POST, PUT, DELETE, OPTIONS");
        res.set(http::field::access_control_allow_headers, "Authorization, Content-Type");
    } else {
        try {
            res = co_await answer_request(*this, &router::dispatch, req);
        } catch (const boost::system::system_error& e) {
            if (e.code() != net::asio::error::operation_aborted) throw;
            // A long-poll released as its client left.
            log_request(s_.cfg, "", req, conn, client_closed_request, 0,
                        std::chrono::steady_clock::now() - start);
            throw;
        }
    }
    log_request(s_.cfg, "", req, conn, res.result_int(), res.body().size(),
                std::chrono::steady_clock::now() - start);
    co_return res;
}

}  // namespace mxc::refserver
