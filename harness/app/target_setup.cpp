#include "app/target_setup.hpp"

#include <fmt/format.h>

#include "matrix/client.hpp"
#include "matrix/digest.hpp"
#include "matrix/ids.hpp"
#include "matrix/key_fetcher.hpp"

namespace mxc::app {

namespace {

// "v1.11" -> {1, 11}; r0.x -> {0, x}.
std::pair<int, int> version_number(const std::string& v) {
    int major = 0, minor = 0;
    if (std::sscanf(v.c_str(), "v%d.%d", &major, &minor) == 2) return {major, minor};
    return {0, 0};
}

}  // namespace

target_setup::~target_setup() {
    stop();
}

void target_setup::start() {
    settings_.request_timeout = std::chrono::milliseconds(cfg_.request_timeout_ms);
    settings_.connect_timeout = std::chrono::milliseconds(cfg_.connect_timeout_ms);
    if (cfg_.target.empty()) {
        refserver::config rc;
        rc.listen_port = 0;
        rc.registration_shared_secret = matrix::random_token(32);
        for (const auto f : cfg_.ref_faults) rc.faults.enable(f);
        if (cfg_.federation == "on") {
            // Federation over real TLS on loopback: the embedded server's certificate comes from
            // the same CA as the mocks', and it trusts that CA for its outbound requests.
            auto& ca = authority();
            rc.federation.enabled = true;
            rc.federation.tls = ca.issue({"127.0.0.1", "localhost"});
            rc.federation.trust = {net::tls_trust::mode::ca_file, ca.cert_file()};
            // Short, so retry cases finish quickly; a live server's backoff is its own business.
            rc.federation.retry_min = std::chrono::milliseconds(100);
            rc.federation.retry_max = std::chrono::milliseconds(1'000);
            rc.federation.request_timeout = std::chrono::milliseconds(
                static_cast<long>(2'000 * cfg_.timeout_scale));
        }
        embedded_ = std::make_unique<refserver::server>(rc);
        embedded_->start();
        if (cfg_.federation == "on") {
            settings_.federation.url = embedded_->federation_url();
            settings_.federation.target_trust = {net::tls_trust::mode::ca_file, authority().cert_file()};
        }
        settings_.base_url = embedded_->base_url();
        settings_.server_name = embedded_->server_name();
        settings_.mode = steps::register_mode::shared_secret;
        settings_.shared_secret = rc.registration_shared_secret;
    } else {
        settings_.base_url = cfg_.target;
        while (!settings_.base_url.empty() && settings_.base_url.back() == '/')
            settings_.base_url.pop_back();
        if (!cfg_.registration)
            throw std::runtime_error(
                "a live target needs --register shared-secret:SECRET, open or tokens:FILE");
        switch (cfg_.registration->how) {
            case matrix::registration::method::shared_secret:
                settings_.mode = steps::register_mode::shared_secret;
                settings_.shared_secret = cfg_.registration->shared_secret;
                break;
            case matrix::registration::method::open:
                settings_.mode = steps::register_mode::open;
                break;
            case matrix::registration::method::tokens:
                settings_.mode = steps::register_mode::tokens;
                settings_.tokens_file = cfg_.registration->tokens_file;
                break;
        }
    }

    matrix::client probe(settings_.base_url,
                         [&] {
                             net::client_options o;
                             o.connect_timeout = settings_.connect_timeout;
                             return o;
                         }(),
                         "probe", {});
    matrix::reply versions;
    try {
        versions = probe.call(net::http::verb::get, "/_matrix/client/versions", {},
                              settings_.request_timeout);
    } catch (const std::exception& e) {
        throw std::runtime_error(
            fmt::format("cannot reach the target {}: {}", settings_.base_url, e.what()));
    }
    if (versions.status != 200 || !versions.is_json || !versions.body.contains("versions") ||
        !versions.body["versions"].is_array())
        throw std::runtime_error(
            fmt::format("{} does not look like a Matrix homeserver: GET /_matrix/client/versions "
                        "answered HTTP {} {}",
                        settings_.base_url, versions.status, versions.raw.substr(0, 120)));
    bool has_v3 = false;
    versions_.emplace();
    for (const auto& v : versions.body["versions"]) {
        if (!v.is_string()) continue;
        versions_->push_back(v.get<std::string>());
        const auto [major, minor] = version_number(v.get<std::string>());
        if (major > 1 || (major == 1 && minor >= 1)) has_v3 = true;
    }
    settings_.prefix = cfg_.prefix == "auto" ? (has_v3 ? "v3" : "r0") : cfg_.prefix;

    if (!cfg_.server_name.empty()) settings_.server_name = cfg_.server_name;
    if (settings_.server_name.empty()) {
        // The domain of the first registered user is the server name clients see.
        steps::environment env(settings_, "probe" + matrix::random_upper(4), nullptr);
        if (settings_.mode == steps::register_mode::tokens) env.load_tokens();
        try {
            auto acc = env.register_account(probe, "probe");
            auto uid = matrix::parse_user_id(acc.user_id);
            if (!uid)
                throw std::runtime_error("the target registered an invalid user id '" +
                                         acc.user_id + "'");
            settings_.server_name = uid->server_name;
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("cannot register an account on the target: ") +
                                     e.what());
        }
    }

    settings_.federation.enabled = cfg_.federation == "on";
    settings_.federation.ca_dir = ca_dir();
    if (settings_.federation.enabled && !embedded_) {
        settings_.federation.url = cfg_.federation_url.empty()
                                       ? matrix::default_federation_url(settings_.server_name)
                                       : cfg_.federation_url;
        while (settings_.federation.url.ends_with('/')) settings_.federation.url.pop_back();
        if (cfg_.insecure_federation)
            settings_.federation.target_trust = {net::tls_trust::mode::none, {}};
        else if (!cfg_.target_ca.empty())
            settings_.federation.target_trust = {net::tls_trust::mode::ca_file, cfg_.target_ca};
        authority();  // a CA that cannot be made is a setup error, before any case runs
    }
}

std::filesystem::path target_setup::ca_dir() const {
    return cfg_.ca_dir.empty() ? net::certificate_authority::default_dir() : std::filesystem::path(cfg_.ca_dir);
}

const net::certificate_authority& target_setup::authority() {
    if (!ca_) {
        try {
            ca_ = std::make_unique<net::certificate_authority>(net::certificate_authority::open_or_create(ca_dir()));
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("mxconform's CA (--ca-dir): ") + e.what());
        }
    }
    return *ca_;
}

void target_setup::stop() {
    if (embedded_) embedded_->stop();
}

}  // namespace mxc::app
