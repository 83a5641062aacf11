#include "matrix/key_fetcher.hpp"

#include <fmt/format.h>

#include "matrix/ids.hpp"
#include "matrix/json_limits.hpp"
#include "util/clock.hpp"

namespace mxc::matrix {

namespace {

// Keys responses are small; a server answering with megabytes is not publishing keys.
constexpr std::size_t keys_body_limit = 64 * 1024;

}  // namespace

std::string default_federation_url(std::string_view server_name) {
    // An explicit port (after an IPv6 literal's ']' when bracketed) is used as is.
    const auto colon = server_name.rfind(':');
    const auto bracket = server_name.rfind(']');
    const bool has_port =
        colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    return has_port ? fmt::format("https://{}", server_name)
                    : fmt::format("https://{}:8448", server_name);
}

std::string host_of(std::string_view s) {
    if (auto scheme = s.find("://"); scheme != std::string_view::npos) s.remove_prefix(scheme + 3);
    s = s.substr(0, s.find_first_of("/?#"));
    if (s.starts_with('[')) {
        const auto close = s.find(']');
        return std::string(s.substr(1, close == std::string_view::npos ? s.size() - 1 : close - 1));
    }
    return std::string(s.substr(0, s.find(':')));
}

key_fetcher::key_fetcher(net::client_options options, federation_resolver resolve,
                         std::function<void(const fetch_record&)> observer,
                         std::chrono::milliseconds timeout)
    : options_(std::move(options)),
      resolve_(std::move(resolve)),
      observer_(std::move(observer)),
      timeout_(timeout) {
    options_.body_limit = keys_body_limit;
}

server_keys key_fetcher::fetch(std::string_view server) {
    fetch_record rec;
    rec.server_name = std::string(server);
    rec.url = resolve_(server);
    auto fail = [&](std::string why) -> key_fetch_error {
        rec.error = why;
        if (observer_) observer_(rec);
        return key_fetch_error(fmt::format("keys of {}: {}", server, why));
    };
    net::http_reply reply;
    try {
        auto opts = options_;
        // The certificate must name the server (an IP literal's certificate its IP).
        if (opts.tls_server_name.empty()) opts.tls_server_name = host_of(server);
        net::http_client http(rec.url, opts);
        net::http_call call;
        call.method = net::http::verb::get;
        call.target = "/_matrix/key/v2/server";
        call.timeout = timeout_;
        reply = http.send(call);
    } catch (const std::exception& e) {
        throw fail(e.what());
    }
    rec.status = reply.status;
    rec.body = reply.body;
    if (reply.status != 200) throw fail(fmt::format("GET {} answered {}", rec.url, reply.status));
    auto body = parse_checked(reply.body);
    if (!body.value) throw fail("the answer " + body.problem);
    auto check = check_server_keys(*body.value, server, util::unix_ms());
    if (!check) throw fail(check.result.reason);
    if (observer_) observer_(rec);
    return check.keys;
}

std::optional<std::string> key_fetcher::lookup(std::string_view server, std::string_view key_id) {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(server);
    const auto now = util::unix_ms();
    if (it != cache_.end() && it->second.usable_until_ts > now) {
        if (auto k = it->second.verify_keys.find(std::string(key_id));
            k != it->second.verify_keys.end())
            return k->second;
    }
    // Unknown or expired: ask the server once.
    auto keys = fetch(server);
    it = cache_.insert_or_assign(std::string(server), std::move(keys)).first;
    if (auto k = it->second.verify_keys.find(std::string(key_id));
        k != it->second.verify_keys.end())
        return k->second;
    return std::nullopt;
}

key_lookup key_fetcher::as_lookup() {
    return
        [this](std::string_view origin, std::string_view key_id) { return lookup(origin, key_id); };
}

std::optional<server_keys> key_fetcher::cached(std::string_view server) const {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(server);
    if (it == cache_.end()) return std::nullopt;
    return it->second;
}

void key_fetcher::forget(std::string_view server) {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(server); it != cache_.end()) cache_.erase(it);
}

net::http_call signed_call(const signing_key& key, std::string_view origin,
                           std::string_view destination, net::http::verb method, std::string target,
                           const nlohmann::json* content, std::chrono::milliseconds timeout) {
    net::http_call call;
    call.method = method;
    const std::string method_name(net::http::to_string(method));
    call.headers.emplace_back("Authorization",
                              sign_request(key, method_name, target, origin, destination, content));
    if (content) {
        call.body = content->dump();
        call.headers.emplace_back("Content-Type", "application/json");
    }
    call.target = std::move(target);
    call.timeout = timeout;
    return call;
}

}  // namespace mxc::matrix
