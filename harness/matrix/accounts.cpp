#include "matrix/accounts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "matrix/digest.hpp"
#include "matrix/tokens_file.hpp"

namespace mxc::matrix {

namespace http = net::http;

namespace {

constexpr std::string_view dummy_stage = "m.login.dummy";

std::string require_string(const reply& r, const char* key, const std::string& what) {
    if (!r.is_json || !r.body.is_object() || !r.body.contains(key) || !r.body[key].is_string())
        throw provisioning_error(
            fmt::format("{}: the answer (HTTP {}) has no string '{}'", what, r.status, key));
    return r.body[key].get<std::string>();
}

account account_from(const reply& r, const std::string& what, const std::string& password) {
    return account{require_string(r, "user_id", what), require_string(r, "device_id", what),
                   require_string(r, "access_token", what), password};
}

void require_ok(const reply& r, const std::string& what) {
    if (r.status != 200)
        throw provisioning_error(
            fmt::format("{} failed: HTTP {} {}", what, r.status, r.raw.substr(0, 300)));
}

// User-interactive auth (client-server API, "User-interactive authentication API"): the 401
// lists flows, each a list of stages. mxconform completes only m.login.dummy, so it needs a
// flow made of that stage alone; the stages of that flow, or why there is none.
std::size_t dummy_flow_length(const reply& challenge) {
    const auto& b = challenge.body;
    if (!challenge.is_json || !b.is_object() || !b.contains("flows") || !b["flows"].is_array())
        throw provisioning_error(
            fmt::format("registration (user-interactive auth): the 401 lists no flows: {}",
                        challenge.raw.substr(0, 300)));
    for (const auto& flow : b["flows"]) {
        if (!flow.is_object() || !flow.contains("stages") || !flow["stages"].is_array() ||
            flow["stages"].empty())
            continue;
        const auto& stages = flow["stages"];
        if (std::all_of(stages.begin(), stages.end(),
                        [](const json& s) { return s == dummy_stage; }))
            return stages.size();
    }
    throw provisioning_error(fmt::format(
        "open registration needs an m.login.dummy-only flow, and the target offers {}; use "
        "--register shared-secret:SECRET or tokens:FILE",
        b["flows"].dump().substr(0, 300)));
}

}  // namespace

provisioner::provisioner(registration how, std::string prefix,
                         std::chrono::milliseconds request_timeout)
    : how_(std::move(how)), prefix_(std::move(prefix)), request_timeout_(request_timeout) {
    if (how_.how == registration::method::tokens) tokens_ = read_tokens_file(how_.tokens_file);
}

std::string provisioner::client_path(const std::string& rest) const {
    return "/_matrix/client/" + prefix_ + rest;
}

account provisioner::register_account(client& c, const std::string& localpart) {
    switch (how_.how) {
        case registration::method::tokens:
            return next_token();
        case registration::method::shared_secret:
            return shared_secret_register(c, localpart);
        case registration::method::open:
            return open_register(c, localpart);
    }
    throw provisioning_error("unknown registration method");
}

account provisioner::next_token() {
    std::lock_guard lock(tokens_mutex_);
    if (next_token_ >= tokens_.size())
        throw provisioning_error(
            fmt::format("the tokens file {} has {} accounts and the run needs more",
                        how_.tokens_file.string(), tokens_.size()));
    return tokens_[next_token_++];
}

// Synapse's admin API (/_synapse/admin/v1/register): a single-use nonce, then the account
// with an HMAC-SHA1 over nonce, user, password and admin flag keyed by the shared secret.
account provisioner::shared_secret_register(client& c, const std::string& localpart) const {
    const std::string password = "pw-" + random_token(16);
    auto nonce_reply = c.call(http::verb::get, "/_synapse/admin/v1/register", {}, request_timeout_);
    require_ok(nonce_reply, "shared-secret registration (GET nonce)");
    const std::string nonce = require_string(nonce_reply, "nonce", "shared-secret registration");
    const std::string mac = hmac_sha1_hex(
        how_.shared_secret, nonce + '\0' + localpart + '\0' + password + '\0' + "notadmin");
    json body{{"nonce", nonce},
              {"username", localpart},
              {"password", password},
              {"admin", false},
              {"mac", mac}};
    auto r = c.call(http::verb::post, "/_synapse/admin/v1/register", {body, {}}, request_timeout_);
    require_ok(r, "shared-secret registration");
    return account_from(r, "shared-secret registration", password);
}

// POST /register without auth first: a server may register at once, or answer 401 with the
// flows it accepts and (usually) a session, which every later attempt must carry.
account provisioner::open_register(client& c, const std::string& localpart) const {
    const std::string password = "pw-" + random_token(16);
    json body{{"username", localpart},
              {"password", password},
              {"initial_device_display_name", "mxconform"}};
    auto r = c.call(http::verb::post, client_path("/register"), {body, {}}, request_timeout_);
    if (r.status == 200) return account_from(r, "registration", password);
    if (r.status != 401)
        throw provisioning_error(
            fmt::format("open registration refused: HTTP {} {}", r.status, r.raw.substr(0, 300)));
    const std::size_t stages = dummy_flow_length(r);
    std::optional<std::string> session;
    for (std::size_t i = 0; i < stages && r.status == 401; ++i) {
        if (r.is_json && r.body.contains("session")) {
            if (!r.body["session"].is_string())
                throw provisioning_error(
                    "registration (user-interactive auth): 'session' is not a string");
            session = r.body["session"].get<std::string>();
        }
        body["auth"] = {{"type", dummy_stage}};
        if (session) body["auth"]["session"] = *session;
        r = c.call(http::verb::post, client_path("/register"), {body, {}}, request_timeout_);
    }
    require_ok(r, "registration with m.login.dummy");
    return account_from(r, "registration", password);
}

account provisioner::login(client& c, const account& who, const std::string& device_id) const {
    if (who.password.empty())
        throw provisioning_error(
            "a second device needs a password, and the tokens file gives none for " + who.user_id);
    json body{{"type", "m.login.password"},
              {"identifier", {{"type", "m.id.user"}, {"user", who.user_id}}},
              {"password", who.password},
              {"initial_device_display_name", "mxconform"}};
    if (!device_id.empty()) body["device_id"] = device_id;
    auto r = c.call(http::verb::post, client_path("/login"), {body, {}}, request_timeout_);
    require_ok(r, "login");
    return account_from(r, "login", who.password);
}

}  // namespace mxc::matrix
