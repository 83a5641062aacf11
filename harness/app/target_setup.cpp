#include "app/target_setup.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/restart_command.hpp"
#include "matrix/accounts.hpp"
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

// v3 paths came with v1.1 (client-server API, "API Versions"); before it, r0.
std::string choose_prefix(const std::string& wanted, const std::vector<std::string>& versions) {
    if (wanted != "auto") return wanted;
    const bool has_v3 = std::any_of(versions.begin(), versions.end(), [](const std::string& v) {
        const auto [major, minor] = version_number(v);
        return major > 1 || (major == 1 && minor >= 1);
    });
    return has_v3 ? "v3" : "r0";
}

std::string without_trailing_slashes(std::string url) {
    while (url.ends_with('/')) url.pop_back();
    return url;
}

}  // namespace

target_setup::~target_setup() {
    stop();
}

void target_setup::start() {
    settings_.request_timeout = std::chrono::milliseconds(cfg_.request_timeout_ms);
    settings_.connect_timeout = std::chrono::milliseconds(cfg_.connect_timeout_ms);
    if (cfg_.target.empty())
        start_embedded();
    else
        use_live_target();
    versions_ = probe_versions();
    settings_.prefix = choose_prefix(cfg_.prefix, *versions_);
    settings_.server_name = discover_server_name();
    settle_federation();
    if (can_restart()) settings_.restart = [this](core::case_run& run) { restart(run); };
}

void target_setup::restart(core::case_run& run) {
    const auto started = std::chrono::steady_clock::now();
    const auto since = [&] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    };
    if (embedded_) {
        try {
            embedded_->restart();
        } catch (const std::exception& e) {
            throw core::harness_error(std::string("the embedded server did not restart: ") +
                                      e.what());
        }
        run.log().note(fmt::format(
            "the embedded server stopped and started again on the same database, ports and "
            "server name in {:.0f} ms",
            since()));
    } else {
        run.log().note(fmt::format("running --restart-cmd '{}'", cfg_.restart_cmd));
        try {
            const auto took = run_shell_command(
                cfg_.restart_cmd,
                {{"MXC_TARGET", settings_.base_url}, {"MXC_SERVER_NAME", settings_.server_name}},
                run.scaled(std::chrono::milliseconds(300'000)));
            run.log().note(fmt::format("--restart-cmd finished in {} ms", took.count()));
        } catch (const std::runtime_error& e) {
            throw core::harness_error(e.what());
        }
    }
    await_versions(run);
    run.metric("restart_ms", since());
}

// The target is back when GET /_matrix/client/versions answers 200 (a server that accepts
// connections while it starts may answer 502 or 503 first).
void target_setup::await_versions(core::case_run& run) {
    const auto within = run.scaled(std::chrono::milliseconds(120'000));
    const auto started = std::chrono::steady_clock::now();
    std::string last;
    const int attempts = await_answer(
        [&](std::string& outcome) {
            try {
                auto probe = probe_client();
                const auto r = probe.call(net::http::verb::get, "/_matrix/client/versions", {},
                                          settings_.request_timeout);
                outcome = fmt::format("HTTP {}", r.status);
                return r.status == 200;
            } catch (const std::exception& e) {
                outcome = e.what();
                return false;
            }
        },
        within, [&](int, const std::string& outcome) { last = outcome; });
    const auto waited =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    core::wait_record w;
    w.t_ms = run.log().now_ms() - waited;
    w.what = "the target answers GET /_matrix/client/versions with 200 after the restart";
    w.bound_ms = static_cast<double>(within.count());
    w.waited_ms = waited;
    w.satisfied = attempts > 0;
    w.detail = attempts > 0 ? fmt::format("{} attempt(s)", attempts) : "last: " + last;
    run.log().add(w);
    if (attempts == 0)
        throw core::harness_error(fmt::format(
            "the target did not answer GET /_matrix/client/versions with 200 within {} ms after "
            "the restart (last: {})",
            within.count(), last));
}

// A fresh reference server on a free port, with a shared secret of its own for registration.
void target_setup::start_embedded() {
    refserver::config rc;
    rc.listen_port = 0;
    rc.registration_shared_secret = matrix::random_token(32);
    for (auto f : cfg_.ref_faults) rc.faults.enable(f);
    const bool federation = cfg_.federation == "on";
    if (federation) {
        // Federation over real TLS on loopback: the embedded server's certificate comes from
        // the same CA as the mocks', and it trusts that CA for its outbound requests.
        auto& ca = authority();
        rc.federation.enabled = true;
        rc.federation.tls = ca.issue({"127.0.0.1", "localhost"});
        rc.federation.trust = {net::tls_trust::mode::ca_file, ca.cert_file()};
        // Short, so retry cases finish quickly; a live server's backoff is its own business.
        rc.federation.retry_min = std::chrono::milliseconds(100);
        rc.federation.retry_max = std::chrono::milliseconds(1'000);
        rc.federation.request_timeout =
            std::chrono::milliseconds(static_cast<long>(2'000 * cfg_.timeout_scale));
    }
    embedded_ = std::make_unique<refserver::server>(rc);
    embedded_->start();
    if (federation) {
        settings_.federation.url = embedded_->federation_url();
        settings_.federation.target_trust = {net::tls_trust::mode::ca_file,
                                             authority().cert_file()};
    }
    settings_.base_url = embedded_->base_url();
    settings_.server_name = embedded_->server_name();
    settings_.registration.how = matrix::registration::method::shared_secret;
    settings_.registration.shared_secret = rc.registration_shared_secret;
}

void target_setup::use_live_target() {
    if (!cfg_.registration)
        throw std::runtime_error(
            "a live target needs --register shared-secret:SECRET, open or tokens:FILE");
    settings_.base_url = without_trailing_slashes(cfg_.target);
    settings_.registration = *cfg_.registration;
}

matrix::client target_setup::probe_client() const {
    net::client_options o;
    o.connect_timeout = settings_.connect_timeout;
    return matrix::client(settings_.base_url, o, "probe", {});
}

// GET /_matrix/client/versions: is the target reachable, and is it a Matrix homeserver?
std::vector<std::string> target_setup::probe_versions() const {
    matrix::reply versions;
    try {
        auto probe = probe_client();
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
    std::vector<std::string> out;
    for (const auto& v : versions.body["versions"])
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

// --server-name, the embedded server's own, or else the domain of a user registered for the
// purpose: that is the server name clients see.
std::string target_setup::discover_server_name() const {
    if (!cfg_.server_name.empty()) return cfg_.server_name;
    if (!settings_.server_name.empty()) return settings_.server_name;
    // A tokens file is read here, and a malformed one reported as it is.
    matrix::provisioner accounts(settings_.registration, settings_.prefix,
                                 settings_.request_timeout);
    std::string random = matrix::random_upper(4);
    std::transform(random.begin(), random.end(), random.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    try {
        auto probe = probe_client();
        const auto acc = accounts.register_account(probe, "mxc.probe" + random + ".0.probe");
        const auto uid = matrix::parse_user_id(acc.user_id);
        if (!uid)
            throw std::runtime_error("the target registered an invalid user id '" + acc.user_id +
                                     "'");
        return uid->server_name;
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("cannot register an account on the target: ") +
                                 e.what());
    }
}

// How cases reach the target's federation API, and the CA that issues the mocks' certificates.
void target_setup::settle_federation() {
    auto& fed = settings_.federation;
    fed.enabled = cfg_.federation == "on";
    fed.ca_dir = ca_dir();
    if (!fed.enabled || embedded_) return;  // the embedded server's were set when it started
    fed.url = without_trailing_slashes(cfg_.federation_url.empty()
                                           ? matrix::default_federation_url(settings_.server_name)
                                           : cfg_.federation_url);
    if (cfg_.insecure_federation)
        fed.target_trust = {net::tls_trust::mode::none, {}};
    else if (!cfg_.target_ca.empty())
        fed.target_trust = {net::tls_trust::mode::ca_file, cfg_.target_ca};
    authority();  // a CA that cannot be made is a setup error, before any case runs
}

std::filesystem::path target_setup::ca_dir() const {
    return cfg_.ca_dir.empty() ? net::certificate_authority::default_dir()
                               : std::filesystem::path(cfg_.ca_dir);
}

const net::certificate_authority& target_setup::authority() {
    if (!ca_) {
        try {
            ca_ = std::make_unique<net::certificate_authority>(
                net::certificate_authority::open_or_create(ca_dir()));
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
