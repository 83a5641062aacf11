#include "matrix/accounts.hpp"

#include <fmt/format.h>

#include <optional>

#include "matrix/digest.hpp"
#include "matrix/secrets.hpp"
#include "matrix/tokens_file.hpp"
#include "matrix/uia.hpp"

namespace mxc::matrix {

namespace http = net::http;

namespace {

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
    // Never sent itself, so the client's redaction never meets it.
    note_secret("registration_shared_secret", how_.shared_secret);
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

// POST /register, answering user-interactive auth: registration needs no password stage (the
// account does not exist yet), so only m.login.dummy flows can be completed.
account provisioner::open_register(client& c, const std::string& localpart) const {
    const std::string password = "pw-" + random_token(16);
    json body{{"username", localpart},
              {"password", password},
              {"initial_device_display_name", "mxconform"}};
    const auto attempt = [&](const std::optional<json>& auth) {
        json sent = body;
        if (auth) sent["auth"] = *auth;
        return c.call(http::verb::post, client_path("/register"), {sent, {}}, request_timeout_);
    };
    reply r;
    try {
        r = with_user_interactive_auth("open registration", {}, attempt);
    } catch (const uia_error& e) {
        throw provisioning_error(std::string(e.what()) +
                                 "; use --register shared-secret:SECRET or tokens:FILE");
    }
    require_ok(r, "open registration");
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

drain_result provisioner::drain(client& c, int max_responses) const {
    drain_result out;
    std::optional<std::string> since;
    bool since_is_initial = false;
    while (out.syncs < max_responses) {
        const auto r =
            c.call(http::verb::get,
                   client_path("/sync?timeout=0" + (since ? "&since=" + encode_query(*since) : "")),
                   {}, request_timeout_);
        require_ok(r, "/sync");
        const std::string next = require_string(r, "next_batch", "/sync");
        ++out.syncs;
        const auto events = json::json_pointer("/to_device/events");
        const auto listed = r.body.contains(events) && r.body[events].is_array()
                                ? static_cast<int>(r.body[events].size())
                                : 0;
        out.messages += listed;
        // An empty answer to the initial sync's token proves little: on some servers that
        // token only finishes the initial sync (issue #9, what happened, 2).
        if (listed == 0 && since && !since_is_initial) {
            out.empty = true;
            break;
        }
        since_is_initial = !since;
        since = next;
    }
    return out;
}

reply provisioner::logout(client& c, const account& device) const {
    return c.call(http::verb::post, client_path("/logout"), {json::object(), {}}, request_timeout_,
                  {}, device.access_token);
}

}  // namespace mxc::matrix
