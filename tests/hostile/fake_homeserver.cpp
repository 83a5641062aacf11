#include "hostile/fake_homeserver.hpp"

#include <nlohmann/json.hpp>

namespace mxc::hostile {

namespace http = net::http;
using json = nlohmann::json;

namespace {

net::response json_answer(const json& body) {
    net::response res{http::status::ok, 11};
    res.set(http::field::content_type, "application/json");
    res.body() = body.dump();
    return res;
}

std::string username_of(const net::request& req) {
    const auto body = json::parse(req.body(), nullptr, false);
    if (body.is_object() && body.contains("username") && body["username"].is_string())
        return body["username"].get<std::string>();
    return "someone";
}

}  // namespace

net::response fair_answer(const net::request& req) {
    const std::string target(req.target());
    const auto path = target.substr(0, target.find('?'));
    if (path.ends_with("/versions")) return json_answer({{"versions", {"v1.1", "v1.11"}}});
    if (path.ends_with("/register") || path.ends_with("/login")) {
        const auto name = username_of(req);
        return json_answer({{"user_id", "@" + name + ":fake.test"},
                            {"device_id", "DEV" + std::to_string(name.size())},
                            {"access_token", "tok-" + name}});
    }
    if (path.ends_with("/whoami")) return json_answer({{"user_id", "@whoever:fake.test"}});
    if (path.ends_with("/sync"))
        return json_answer({{"next_batch", "s1"}, {"to_device", {{"events", json::array()}}}});
    return json_answer(json::object());
}

bool is_victim(const net::request& req) {
    const std::string target(req.target());
    if (target.ends_with("/versions") || target.ends_with("/account/whoami")) return false;
    if (target.ends_with("/register")) return username_of(req).ends_with(".reg_victim");
    const auto auth = req[http::field::authorization];
    return auth.ends_with(".victim") || req.body().find(".victim") != std::string::npos;
}

}  // namespace mxc::hostile
