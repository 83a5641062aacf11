#include "steps/environment.hpp"

#include <fmt/format.h>

namespace mxc::steps {

environment::environment(target_settings settings, std::string run_id,
                         const exchange_validator* validator)
    : settings_(std::move(settings)),
      run_id_(std::move(run_id)),
      validator_(validator),
      accounts_(settings_.registration, settings_.prefix, settings_.request_timeout) {}

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
    if (!federation_tls_)
        federation_tls_ = net::client_tls_context(settings_.federation.target_trust);
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
        target_keys_ =
            std::make_unique<matrix::key_fetcher>(options, [url](std::string_view) { return url; });
    }
    return *target_keys_;
}

std::string environment::client_path(const std::string& rest, const std::string& prefix) const {
    return "/_matrix/client/" + (prefix.empty() ? settings_.prefix : prefix) + rest;
}

account environment::register_account(matrix::client& c, const std::string& name) {
    try {
        return accounts_.register_account(c, unique_localpart(name));
    } catch (const matrix::provisioning_error& e) {
        throw core::harness_error(e.what());
    }
}

account environment::login(matrix::client& c, const account& who, const std::string& device_id) {
    try {
        return accounts_.login(c, who, device_id);
    } catch (const matrix::provisioning_error& e) {
        throw core::harness_error(e.what());
    }
}

matrix::drain_result environment::drain(matrix::client& c, const account& who) {
    try {
        return accounts_.drain(c);
    } catch (const matrix::provisioning_error& e) {
        throw core::harness_error(fmt::format("draining {}: {}", who.user_id, e.what()));
    } catch (const net::transport_error& e) {
        throw core::harness_error(
            fmt::format("draining {}: no answer from the target: {}", who.user_id, e.what()));
    }
}

matrix::reply environment::logout(matrix::client& c, const account& device) {
    try {
        return accounts_.logout(c, device);
    } catch (const net::transport_error& e) {
        throw core::harness_error(std::string("no answer from the target: ") + e.what());
    }
}

}  // namespace mxc::steps
