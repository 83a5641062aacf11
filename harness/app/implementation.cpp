#include "app/implementation.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "net/http_client.hpp"

namespace mxc::app {

std::string federation_implementation(steps::environment& env) {
    net::http_client http(env.target().federation.url, env.federation_client_options());
    net::http_call call;
    call.target = "/_matrix/federation/v1/version";
    call.timeout = env.target().request_timeout;
    const auto r = http.send(call);
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || !body.is_object() || !body.contains("server") ||
        !body["server"].is_object())
        throw std::runtime_error(
            fmt::format("GET /_matrix/federation/v1/version answered HTTP {} {}", r.status,
                        r.body.substr(0, 120)));
    const auto& s = body["server"];
    auto text = [&](const char* key) {
        return s.contains(key) && s[key].is_string() ? s[key].get<std::string>() : "?";
    };
    return fmt::format("{} {}", text("name"), text("version"));
}

}  // namespace mxc::app
