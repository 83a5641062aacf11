#include "bench/bench_client.hpp"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace mxc::bench {

using json = nlohmann::json;
namespace http = net::http;

namespace {

const std::string prefix = "/_matrix/client/v3";

std::string describe(const net::http_call& call, const net::http_reply& reply) {
    return fmt::format("{} {} answered {}: {}", std::string(http::to_string(call.method)),
                       call.target.substr(0, call.target.find('?')), reply.status,
                       reply.body.substr(0, 300));
}

json parse_body(const net::http_call& call, const net::http_reply& reply) {
    try {
        return json::parse(reply.body);
    } catch (const json::parse_error&) {
        throw std::runtime_error(describe(call, reply) + " (not JSON)");
    }
}

net::http_call authed(http::verb method, std::string target, const session& as) {
    net::http_call call{method,
                        std::move(target),
                        {},
                        {{"Authorization", "Bearer " + as.access_token}},
                        request_timeout};
    return call;
}

session session_from(const json& body) {
    return session{body.at("user_id").get<std::string>(), body.at("device_id").get<std::string>(),
                   body.at("access_token").get<std::string>()};
}

}  // namespace

std::string url_encode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

bench_client::bench_client(const std::string& base_url) : http_(base_url) {}

session bench_client::register_user(const std::string& localpart, const std::string& password) {
    json body{
        {"username", localpart}, {"password", password}, {"initial_device_display_name", "bench"}};
    net::http_call call{http::verb::post, prefix + "/register", body.dump(), {}, request_timeout};
    auto challenge = http_.send(call);
    if (challenge.status != 401)
        throw std::runtime_error(describe(call, challenge) + " (expected 401 and a session)");
    body["auth"] = {{"type", "m.login.dummy"},
                    {"session", parse_body(call, challenge).at("session")}};
    call.body = body.dump();
    auto done = http_.send(call);
    if (done.status != 200) throw std::runtime_error(describe(call, done));
    return session_from(parse_body(call, done));
}

session bench_client::login(const std::string& user_id, const std::string& password) {
    json body{{"type", "m.login.password"},
              {"identifier", {{"type", "m.id.user"}, {"user", user_id}}},
              {"password", password}};
    net::http_call call{http::verb::post, prefix + "/login", body.dump(), {}, request_timeout};
    auto reply = http_.send(call);
    if (reply.status != 200) throw std::runtime_error(describe(call, reply));
    return session_from(parse_body(call, reply));
}

void bench_client::send_to_device(const session& from, const std::string& txn_id,
                                  std::string body) {
    auto call = authed(http::verb::put,
                       prefix + "/sendToDevice/" + event_type + "/" + url_encode(txn_id), from);
    call.body = std::move(body);
    auto reply = http_.send(call);
    if (reply.status != 200) throw std::runtime_error(describe(call, reply));
}

sync_batch bench_client::sync(const session& as, const std::optional<std::string>& since,
                              int timeout_ms) {
    const json body = sync_body(as, since, timeout_ms);
    return sync_batch{body.at("next_batch").get<std::string>(),
                      body.at("to_device").at("events").size()};
}

json bench_client::sync_body(const session& as, const std::optional<std::string>& since,
                             int timeout_ms) {
    std::string target = prefix + "/sync?timeout=" + std::to_string(timeout_ms);
    if (since) target += "&since=" + url_encode(*since);
    auto call = authed(http::verb::get, std::move(target), as);
    call.timeout += std::chrono::milliseconds(timeout_ms);
    auto reply = http_.send(call);
    if (reply.status != 200) throw std::runtime_error(describe(call, reply));
    return parse_body(call, reply);
}

void bench_client::versions() {
    net::http_call call{http::verb::get, "/_matrix/client/versions", {}, {}, request_timeout};
    auto reply = http_.send(call);
    if (reply.status != 200) throw std::runtime_error(describe(call, reply));
}

}  // namespace mxc::bench
