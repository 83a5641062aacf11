#include "steps/environment.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "matrix/digest.hpp"

namespace mxc::steps {

namespace http = net::http;

environment::environment(target_settings settings, std::string run_id,
                         const exchange_validator* validator)
    : settings_(std::move(settings)), run_id_(std::move(run_id)), validator_(validator) {}

std::string environment::unique_localpart(const std::string& name) {
    std::string clean;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        clean.push_back(std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_');
    }
    return fmt::format("mxc.{}.{}.{}", run_id_, counter_.fetch_add(1), clean);
}

net::client_options environment::client_options() const {
    net::client_options o;
    o.connect_timeout = settings_.connect_timeout;
    return o;
}

const net::certificate_authority& environment::ca() {
    std::lock_guard lock(federation_mutex_);
    if (!ca_)
        ca_ = std::make_unique<net::certificate_authority>(
            net::certificate_authority::open_or_create(settings_.federation.ca_dir));
    return *ca_;
}

net::client_options environment::federation_client_options() {
    std::lock_guard lock(federation_mutex_);
    if (!federation_tls_) federation_tls_ = net::client_tls_context(settings_.federation.target_trust);
    net::client_options o;
    o.connect_timeout = settings_.connect_timeout;
    o.tls = federation_tls_;
    // The certificate must name the host of the federation URL (for an IP literal, the IP).
    o.tls_server_name = matrix::host_of(settings_.federation.url);
    return o;
}

matrix::key_fetcher& environment::target_keys() {
    auto options = federation_client_options();
    std::lock_guard lock(federation_mutex_);
    if (!target_keys_) {
        const std::string url = settings_.federation.url;
        target_keys_ = std::make_unique<matrix::key_fetcher>(
            options, [url](std::string_view) { return url; });
    }
    return *target_keys_;
}

std::string environment::client_path(const std::string& rest, const std::string& prefix) const {
    return "/_matrix/client/" + (prefix.empty() ? settings_.prefix : prefix) + rest;
}

namespace {

std::string require_string(const matrix::reply& r, const char* key, const std::string& what) {
    if (!r.is_json || !r.body.is_object() || !r.body.contains(key) || !r.body[key].is_string())
        throw core::harness_error(
            fmt::format("{}: the answer (HTTP {}) has no string '{}'", what, r.status, key));
    return r.body[key].get<std::string>();
}

account account_from(const matrix::reply& r, const std::string& what, const std::string& password) {
    return account{require_string(r, "user_id", what), require_string(r, "device_id", what),
                   require_string(r, "access_token", what), password};
}

void require_ok(const matrix::reply& r, const std::string& what) {
    if (r.status != 200)
        throw core::harness_error(
            fmt::format("{} failed: HTTP {} {}", what, r.status, r.raw.substr(0, 300)));
}

}  // namespace

account environment::register_account(matrix::client& c, const std::string& name) {
    const auto timeout = settings_.request_timeout;
    const std::string password = "pw-" + matrix::random_token(16);
    switch (settings_.mode) {
        case register_mode::tokens: {
            std::lock_guard lock(tokens_mutex_);
            if (next_token_ >= tokens_.size())
                throw core::harness_error(
                    fmt::format("the tokens file {} has {} accounts and the run needs more",
                                settings_.tokens_file.string(), tokens_.size()));
            return tokens_[next_token_++];
        }
        case register_mode::shared_secret: {
            const std::string localpart = unique_localpart(name);
            auto nonce_reply = c.call(http::verb::get, "/_synapse/admin/v1/register", {}, timeout);
            require_ok(nonce_reply, "shared-secret registration (GET nonce)");
            const std::string nonce =
                require_string(nonce_reply, "nonce", "shared-secret registration");
            const std::string mac =
                matrix::hmac_sha1_hex(settings_.shared_secret, nonce + '\0' + localpart + '\0' +
                                                                   password + '\0' + "notadmin");
            json body{{"nonce", nonce},
                      {"username", localpart},
                      {"password", password},
                      {"admin", false},
                      {"mac", mac}};
            auto r = c.call(http::verb::post, "/_synapse/admin/v1/register", {body, {}}, timeout);
            require_ok(r, "shared-secret registration");
            return account_from(r, "shared-secret registration", password);
        }
        case register_mode::open: {
            const std::string localpart = unique_localpart(name);
            json body{{"username", localpart},
                      {"password", password},
                      {"initial_device_display_name", "mxconform"}};
            auto first = c.call(http::verb::post, client_path("/register"), {body, {}}, timeout);
            if (first.status == 200) return account_from(first, "registration", password);
            if (first.status != 401)
                throw core::harness_error(fmt::format("open registration refused: HTTP {} {}",
                                                      first.status, first.raw.substr(0, 300)));
            const std::string session =
                require_string(first, "session", "registration (user-interactive auth)");
            body["auth"] = {{"type", "m.login.dummy"}, {"session", session}};
            auto r = c.call(http::verb::post, client_path("/register"), {body, {}}, timeout);
            require_ok(r, "registration with m.login.dummy");
            return account_from(r, "registration", password);
        }
    }
    throw core::harness_error("unknown registration mode");
}

account environment::login(matrix::client& c, const account& who, const std::string& device_id) {
    if (who.password.empty())
        throw core::harness_error(
            "a second device needs a password, and the tokens file gives none for " + who.user_id);
    json body{{"type", "m.login.password"},
              {"identifier", {{"type", "m.id.user"}, {"user", who.user_id}}},
              {"password", who.password},
              {"initial_device_display_name", "mxconform"}};
    if (!device_id.empty()) body["device_id"] = device_id;
    auto r = c.call(http::verb::post, client_path("/login"), {body, {}}, settings_.request_timeout);
    require_ok(r, "login");
    return account_from(r, "login", who.password);
}

void environment::load_tokens() {
    const auto file = settings_.tokens_file.string();
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::BadFile&) {
        throw std::runtime_error(file + ": cannot read the tokens file");
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(
            fmt::format("{}:{}:{}: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    if (!root.IsSequence())
        throw std::runtime_error(
            file + ": expected a list of {user_id, access_token, device_id, password}");
    for (const auto& n : root) {
        auto at = fmt::format("{}:{}:{}", file, n.Mark().line + 1, n.Mark().column + 1);
        if (!n.IsMap())
            throw std::runtime_error(at +
                                     ": expected {user_id, access_token, device_id, password}");
        account a;
        for (const auto& kv : n) {
            const auto key = kv.first.as<std::string>();
            const auto value = kv.second.as<std::string>("");
            if (key == "user_id")
                a.user_id = value;
            else if (key == "access_token")
                a.access_token = value;
            else if (key == "device_id")
                a.device_id = value;
            else if (key == "password")
                a.password = value;
            else
                throw std::runtime_error(at + ": unknown key '" + key + "'");
        }
        if (a.user_id.empty() || a.access_token.empty() || a.device_id.empty())
            throw std::runtime_error(at + ": user_id, access_token and device_id are required");
        tokens_.push_back(std::move(a));
    }
}

}  // namespace mxc::steps
