#include "matrix/client.hpp"

#include "matrix/json_limits.hpp"
#include "matrix/secrets.hpp"

#include <fmt/format.h>

namespace mxc::matrix {

namespace {

void redact_json(json& j) {
    if (j.is_object()) {
        for (auto& [k, v] : j.items()) {
            if (is_secret_key(k) && v.is_string()) {
                note_secret(k, v.get_ref<const std::string&>());
                v = "<redacted>";
            } else {
                redact_json(v);
            }
        }
    } else if (j.is_array()) {
        for (auto& v : j) redact_json(v);
    }
}

}  // namespace

std::string reply::errcode() const {
    if (is_json && body.is_object() && body.contains("errcode") && body["errcode"].is_string())
        return body["errcode"].get<std::string>();
    return {};
}

std::string encode_segment(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out.push_back(static_cast<char>(c));
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::string encode_query(std::string_view s) {
    return encode_segment(s);
}

std::string redact_body(const std::string& body) {
    if (body.empty()) return body;
    // Redaction reads a duplicated name as the reader that keeps the last one: the value dropped
    // is dropped from the record too.
    auto j = parse_bounded(body, duplicate_names::keep_last);
    if (!j) return body;
    redact_json(*j);
    return j->dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string redact_target(const std::string& target) {
    const std::string param = std::string(access_token_param) + "=";
    std::string out = target;
    for (auto at = out.find(param); at != std::string::npos; at = out.find(param, at + 1)) {
        const auto start = at + param.size();
        const auto end = out.find('&', start);
        const auto len = (end == std::string::npos ? out.size() : end) - start;
        note_secret(access_token_param, std::string_view(out).substr(start, len));
        out.replace(start, len, "<redacted>");
    }
    return out;
}

client::client(const std::string& base_url, net::client_options options, std::string actor,
               exchange_observer observer)
    : http_(base_url, std::move(options)),
      actor_(std::move(actor)),
      observer_(std::move(observer)) {}

reply client::call(net::http::verb method, const std::string& target, const request_body& body,
                   std::chrono::milliseconds timeout, std::function<void()> on_written,
                   std::optional<std::string> token_override,
                   const exchange_observer* observer_override) {
    const exchange_observer& observe = observer_override ? *observer_override : observer_;
    net::http_call c;
    c.method = method;
    c.target = target;
    c.timeout = timeout;
    c.on_written = std::move(on_written);
    const std::string& token = token_override ? *token_override : token_;
    if (!token.empty()) c.headers.emplace_back("Authorization", "Bearer " + token);
    if (body.raw)
        c.body = *body.raw;
    else if (body.value)
        c.body = body.value->dump(-1, ' ', false, json::error_handler_t::strict);

    return send_observed(http_, c, actor_, body.value, observe);
}

reply read_reply(net::http_reply res, exchange& ex) {
    reply r;
    r.status = res.status;
    r.raw = std::move(res.body);
    r.elapsed_ms = std::chrono::duration<double, std::milli>(res.elapsed).count();
    // A hostile server's answer nested a million deep is "not JSON", not a stalled harness.
    auto parsed = parse_bounded(r.raw);
    r.is_json = parsed.has_value();
    if (parsed) r.body = std::move(*parsed);
    ex.status = r.status;
    ex.response_headers = std::move(res.headers);
    ex.response_body = redact_body(r.raw);
    ex.elapsed_ms = r.elapsed_ms;
    if (r.is_json) ex.received_json = r.body;
    return r;
}

reply send_observed(net::http_client& http, const net::http_call& c, const std::string& actor,
                    const std::optional<json>& sent_json, const exchange_observer& observe) {
    exchange ex;
    ex.started = std::chrono::steady_clock::now();
    ex.actor = actor;
    ex.method = std::string(net::http::to_string(c.method));
    ex.target = redact_target(c.target);
    ex.path = c.target.substr(0, c.target.find('?'));
    // A Bearer token is a credential; an X-Matrix signature covers one request and stays.
    for (const auto& [k, v] : c.headers) {
        const bool bearer = net::beast::iequals(k, "Authorization") && v.starts_with("Bearer ");
        if (bearer) note_secret("bearer", std::string_view(v).substr(7));
        ex.request_headers.emplace_back(k, bearer ? "Bearer <redacted>" : v);
    }
    ex.request_body = redact_body(c.body);
    ex.sent_json = sent_json;

    reply r;
    try {
        r = read_reply(http.send(c), ex);
    } catch (const net::transport_error& e) {
        ex.error = e.what();
        ex.elapsed_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ex.started)
                .count();
        if (observe) observe(ex);
        throw;
    }
    if (observe) observe(ex);
    return r;
}

}  // namespace mxc::matrix
