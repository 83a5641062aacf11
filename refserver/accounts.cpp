#include "refserver/accounts.hpp"

#include "matrix/digest.hpp"
#include "matrix/ids.hpp"

namespace mxc::refserver {

namespace {

constexpr auto session_lifetime = std::chrono::minutes(10);
constexpr auto nonce_lifetime = std::chrono::seconds(60);

std::string string_field(const json& body, const char* key, bool required) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) throw api_error(400, "M_MISSING_PARAM", std::string("missing '") + key + "'");
        return {};
    }
    if (!it->is_string())
        throw api_error(400, "M_INVALID_PARAM", std::string("'") + key + "' must be a string");
    return it->get<std::string>();
}

}  // namespace

void accounts::expire_old() {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(sessions_,
                  [&](const auto& kv) { return now - kv.second.created > session_lifetime; });
    std::erase_if(nonces_, [&](const auto& kv) { return now - kv.second > nonce_lifetime; });
}

void accounts::require_uia(const api_request& r, const json& body, const std::string& stage,
                           const std::string& user_id) {
    (void)r;
    expire_old();
    // The uia-no-session fault offers no session: the client must complete a stage in the
    // request that carries its auth (which works, as auth without "session" does below).
    const bool offer_session = !s_.cfg.faults.has(fault::uia_no_session);
    auto challenge = [&](const std::string& session, const char* errcode,
                         const std::string& message) {
        json extra{{"flows", json::array({{{"stages", json::array({stage})}}})},
                   {"params", json::object()}};
        if (offer_session) extra["session"] = session;
        if (errcode) throw api_error(401, errcode, message, extra);
        // The first request of a flow: no errcode, only what the client needs to go on.
        throw api_error(401, "", message, extra);
    };
    auto new_session = [&] {
        std::string session = matrix::random_token(24);
        if (offer_session) sessions_[session] = {stage, user_id, std::chrono::steady_clock::now()};
        return session;
    };
    auto auth = body.find("auth");
    if (auth == body.end() || !auth->is_object())
        challenge(new_session(), nullptr, "authentication required");
    std::string session;
    if (!auth->contains("session") || auth->at("session").is_null()) {
        // The client-server API's auth data needs "session" only if the server gave one
        // ("User-interactive authentication API"): without it this request starts a session
        // and may complete its stage at once, as Synapse does.
        session = matrix::random_token(24);
        sessions_[session] = {stage, user_id, std::chrono::steady_clock::now()};
    } else {
        const json& given = auth->at("session");
        session = given.is_string() ? given.get<std::string>() : std::string();
        auto it = sessions_.find(session);
        if (session.empty() || it == sessions_.end() || it->second.stage != stage ||
            it->second.user_id != user_id) {
            challenge(new_session(), "M_UNKNOWN",
                      "unknown or expired user-interactive auth session");
        }
    }
    const auto type = auth->find("type");
    if (type == auth->end() || !type->is_string() || type->get<std::string>() != stage)
        challenge(session, "M_UNRECOGNIZED", "unsupported auth stage");
    if (stage == "m.login.password") {
        std::string given = auth->contains("password") && (*auth)["password"].is_string()
                                ? (*auth)["password"].get<std::string>()
                                : std::string();
        auto hash = s_.db.password_hash(user_id);
        if (!hash || !matrix::check_password(given, *hash))
            challenge(session, "M_FORBIDDEN", "invalid password");
    }
    sessions_.erase(session);
}

json accounts::login_response(const std::string& user_id, const std::string& device_id,
                              const std::string& display_name) {
    const std::string id = device_id.empty() ? matrix::random_upper(10) : device_id;
    auto device = s_.db.create_device(user_id, id, display_name);
    const std::string token = "mxr_" + matrix::random_token(40);
    s_.db.add_token(token, device.row);
    return json{{"user_id", user_id},
                {"access_token", token},
                {"device_id", device.device_id},
                {"home_server", s_.server_name}};
}

json_reply accounts::register_user(const api_request& r) {
    const json body = r.body_object();
    if (auto kind = r.query.find("kind"); kind != r.query.end() && kind->second != "user")
        throw api_error(403, "M_GUEST_ACCESS_FORBIDDEN", "guest registration is not enabled");
    std::string localpart = string_field(body, "username", false);
    if (localpart.empty()) localpart = "u" + matrix::random_token(12);
    for (auto& c : localpart) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!matrix::is_valid_new_localpart(localpart))
        throw api_error(400, "M_INVALID_USERNAME",
                        "user names may contain only a-z, 0-9 and ._=-/+");
    const std::string user_id = "@" + localpart + ":" + s_.server_name;
    if (s_.db.user_exists(user_id))
        throw api_error(400, "M_USER_IN_USE", "that user name is taken");
    const std::string password = string_field(body, "password", false);
    const std::string device_id = string_field(body, "device_id", false);
    const std::string display = string_field(body, "initial_device_display_name", false);
    require_uia(r, body, "m.login.dummy", "");
    if (!s_.db.create_user(user_id, password.empty() ? "" : matrix::hash_password(password), false))
        throw api_error(400, "M_USER_IN_USE", "that user name is taken");
    if (body.value("inhibit_login", false))
        return {200, json{{"user_id", user_id}, {"home_server", s_.server_name}}};
    return {200, login_response(user_id, device_id, display)};
}

json_reply accounts::register_available(const api_request& r) {
    auto it = r.query.find("username");
    if (it == r.query.end()) throw api_error(400, "M_MISSING_PARAM", "missing 'username'");
    if (!matrix::is_valid_new_localpart(it->second))
        throw api_error(400, "M_INVALID_USERNAME",
                        "user names may contain only a-z, 0-9 and ._=-/+");
    if (s_.db.user_exists("@" + it->second + ":" + s_.server_name))
        throw api_error(400, "M_USER_IN_USE", "that user name is taken");
    return {200, json{{"available", true}}};
}

json_reply accounts::admin_register_nonce() {
    if (s_.cfg.registration_shared_secret.empty())
        throw api_error(400, "M_UNKNOWN", "shared secret registration is not enabled");
    expire_old();
    const std::string nonce = matrix::random_token(32);
    nonces_[nonce] = std::chrono::steady_clock::now();
    return {200, json{{"nonce", nonce}}};
}

// Synapse's admin registration: mac = HMAC-SHA1(secret, nonce NUL user NUL password NUL
// "admin"|"notadmin" [NUL user_type]), hex; each nonce is good for one request.
json_reply accounts::admin_register(const api_request& r) {
    if (s_.cfg.registration_shared_secret.empty())
        throw api_error(400, "M_UNKNOWN", "shared secret registration is not enabled");
    const json body = r.body_object();
    const std::string nonce = string_field(body, "nonce", true);
    expire_old();
    auto it = nonces_.find(nonce);
    if (it == nonces_.end()) throw api_error(400, "M_UNKNOWN", "unrecognised nonce");
    nonces_.erase(it);
    const std::string username = string_field(body, "username", true);
    const std::string password = string_field(body, "password", true);
    const std::string mac = string_field(body, "mac", true);
    const std::string user_type = string_field(body, "user_type", false);
    const bool admin = body.value("admin", false);
    std::string message =
        nonce + '\0' + username + '\0' + password + '\0' + (admin ? "admin" : "notadmin");
    if (!user_type.empty()) message += '\0' + user_type;
    const std::string expected = matrix::hmac_sha1_hex(s_.cfg.registration_shared_secret, message);
    if (!matrix::equal_secret(expected, mac)) throw api_error(403, "M_FORBIDDEN", "HMAC incorrect");
    std::string localpart = username;
    for (auto& c : localpart) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!matrix::is_valid_new_localpart(localpart))
        throw api_error(400, "M_INVALID_USERNAME",
                        "user names may contain only a-z, 0-9 and ._=-/+");
    const std::string user_id = "@" + localpart + ":" + s_.server_name;
    if (!s_.db.create_user(user_id, matrix::hash_password(password), admin))
        throw api_error(400, "M_USER_IN_USE", "that user name is taken");
    return {200, login_response(user_id, "", "")};
}

json_reply accounts::login_flows() {
    return {200, json{{"flows", json::array({{{"type", "m.login.password"}}})}}};
}

json_reply accounts::login(const api_request& r) {
    const json body = r.body_object();
    if (string_field(body, "type", true) != "m.login.password")
        throw api_error(400, "M_UNKNOWN", "only m.login.password is supported");
    std::string user = string_field(body, "user", false);
    if (auto id = body.find("identifier"); id != body.end() && id->is_object()) {
        if (id->value("type", "") != "m.id.user")
            throw api_error(400, "M_UNKNOWN", "only m.id.user is supported");
        user = id->value("user", "");
    }
    if (user.empty()) throw api_error(400, "M_MISSING_PARAM", "missing user identifier");
    const std::string user_id = user.front() == '@' ? user : "@" + user + ":" + s_.server_name;
    auto hash = s_.db.password_hash(user_id);
    if (!hash || !matrix::check_password(string_field(body, "password", true), *hash))
        throw api_error(403, "M_FORBIDDEN", "invalid user name or password");
    return {200, login_response(user_id, string_field(body, "device_id", false),
                                string_field(body, "initial_device_display_name", false))};
}

// Logging out deletes the device, and with it its pending to-device messages.
json_reply accounts::logout(const api_request& r) {
    auto device = authenticate(s_, r);
    s_.db.delete_device(device.row, s_.cfg.faults.has(fault::device_delete_keeps_queue));
    return {};
}

json_reply accounts::logout_all(const api_request& r) {
    auto device = authenticate(s_, r);
    for (const auto& d : s_.db.devices_of(device.user_id))
        s_.db.delete_device(d.row, s_.cfg.faults.has(fault::device_delete_keeps_queue));
    return {};
}

json_reply accounts::whoami(const api_request& r) {
    auto device = authenticate(s_, r);
    return {
        200,
        json{{"user_id", device.user_id}, {"device_id", device.device_id}, {"is_guest", false}}};
}

json_reply accounts::list_devices(const api_request& r) {
    auto device = authenticate(s_, r);
    json list = json::array();
    for (const auto& d : s_.db.devices_of(device.user_id))
        list.push_back({{"device_id", d.device_id}, {"display_name", d.display_name}});
    return {200, json{{"devices", list}}};
}

json_reply accounts::get_device(const api_request& r, const std::string& device_id) {
    auto device = authenticate(s_, r);
    auto d = s_.db.find_device(device.user_id, device_id);
    if (!d) throw api_error(404, "M_NOT_FOUND", "no such device");
    return {200, json{{"device_id", d->device_id}, {"display_name", d->display_name}}};
}

json_reply accounts::delete_device(const api_request& r, const std::string& device_id) {
    auto device = authenticate(s_, r);
    auto target = s_.db.find_device(device.user_id, device_id);
    if (!target) throw api_error(404, "M_NOT_FOUND", "no such device");
    const json body = r.raw.body().empty() ? json::object() : r.body_object();
    require_uia(r, body, "m.login.password", device.user_id);
    s_.db.delete_device(target->row, s_.cfg.faults.has(fault::device_delete_keeps_queue));
    return {};
}

}  // namespace mxc::refserver
