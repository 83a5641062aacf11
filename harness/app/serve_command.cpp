#include "app/serve_command.hpp"

#include <fmt/format.h>

#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "net/tls_certs.hpp"
#include "refserver/server.hpp"

namespace mxc::app {

namespace {

using settings::declare;

// --help lists every fault with its description; the README's table keeps the first line.
std::string fault_help() {
    std::string text = "Switch on a deliberate deviation (the faults are listed below)";
    for (const auto& f : refserver::all_faults())
        text += fmt::format("\n  {:<26} {}", f.name, f.description);
    return text;
}

std::vector<settings::setting<serve_options>> serve_entries() {
    using o = serve_options;
    return {
        declare("listen", &o::listen, "HOST:PORT", "Address of the client API"),
        declare("server-name", &o::server_name, "NAME",
                "Matrix server name (default: the listen address)"),
        declare("db", &o::db, "FILE", "SQLite database file (default: a temporary file)"),
        declare("registration-shared-secret", &o::registration_shared_secret, "SECRET",
                "Enable Synapse-style shared-secret registration at /_synapse/admin/v1/register"),
        declare("max-body-bytes", &o::max_body_bytes, "BYTES", "Largest request body accepted"),
        declare("fault", &o::faults, "FAULT", fault_help()),
        declare("federation-listen", &o::federation_listen, "HOST:PORT",
                "Serve the federation API over TLS here (default: off); the server name is then "
                "HOST:PORT unless --server-name is given"),
        declare("tls-cert", &o::tls_cert, "FILE",
                "PEM certificate of the federation listener (default: one issued by the CA in "
                "--ca-dir)"),
        declare("tls-key", &o::tls_key, "FILE", "PEM private key for --tls-cert"),
        declare("ca-dir", &o::ca_dir, "DIR",
                "mxconform's certificate authority (default: $XDG_DATA_HOME/mxconform/ca)"),
        declare("federation-ca", &o::federation_ca, "FILE",
                "PEM CA file trusted for outbound federation (default: ca.pem in --ca-dir)"),
        declare("insecure-federation", &o::insecure_federation, "",
                "Do not verify the certificates of other servers"),
    };
}

std::string read_file(const std::string& option, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf()))
        throw std::runtime_error(option + ": cannot read '" + path + "'");
    return text.str();
}

// The listener's certificate is the given PEM pair, or one for the listen host issued by the CA
// in --ca-dir; outbound trust is --federation-ca, nothing (--insecure-federation) or that CA.
void configure_federation(const serve_options& o, refserver::federation_config& fed) {
    if (!o.federation_listen) {
        if (!o.tls_cert.empty() || !o.tls_key.empty() || !o.federation_ca.empty() ||
            o.insecure_federation)
            throw std::runtime_error(
                "--tls-cert, --tls-key, --federation-ca and --insecure-federation need "
                "--federation-listen");
        return;
    }
    if (o.tls_cert.empty() != o.tls_key.empty())
        throw std::runtime_error("--tls-cert and --tls-key go together");
    fed.enabled = true;
    fed.listen_host = o.federation_listen->host;
    fed.listen_port = o.federation_listen->port;
    std::optional<net::certificate_authority> ca;
    auto own_ca = [&]() -> const net::certificate_authority& {
        if (!ca)
            ca = net::certificate_authority::open_or_create(
                o.ca_dir.empty() ? net::certificate_authority::default_dir()
                                 : std::filesystem::path(o.ca_dir));
        return *ca;
    };
    if (!o.tls_cert.empty()) {
        fed.tls = {read_file("--tls-cert", o.tls_cert), read_file("--tls-key", o.tls_key)};
    } else {
        std::vector<std::string> names{fed.listen_host};
        if (fed.listen_host == "0.0.0.0" || fed.listen_host == "::")
            names = {"127.0.0.1", "::1", "localhost"};
        fed.tls = own_ca().issue(names);
    }
    if (o.insecure_federation) {
        fed.trust.how = net::tls_trust::mode::none;
    } else if (!o.federation_ca.empty()) {
        fed.trust = {net::tls_trust::mode::ca_file, o.federation_ca};
    } else {
        fed.trust = {net::tls_trust::mode::ca_file, own_ca().cert_file()};
    }
}

}  // namespace

const settings::table<serve_options>& serve_settings() {
    static const settings::table<serve_options> table("serve", serve_entries());
    return table;
}

int serve_command(const serve_options& o, std::ostream& out, std::ostream& err) {
    serve_settings().check_all(o);
    refserver::config cfg;
    cfg.listen_host = o.listen.host;
    cfg.listen_port = o.listen.port;
    cfg.server_name = o.server_name;
    cfg.db_path = o.db;
    cfg.registration_shared_secret = o.registration_shared_secret;
    cfg.max_body_bytes = o.max_body_bytes;
    for (auto f : o.faults) cfg.faults.enable(f);
    configure_federation(o, cfg.federation);
    cfg.log = [&out](const std::string& line) { out << line << '\n' << std::flush; };
    refserver::server srv(cfg);
    srv.run_until_signal([&] {
        err << fmt::format("mxconform serve: listening on {} as {} (faults: {})\n", srv.base_url(),
                           srv.server_name(), cfg.faults.describe());
        if (cfg.federation.enabled)
            err << fmt::format("mxconform serve: federation on {}\n", srv.federation_url());
    });
    return 0;
}

}  // namespace mxc::app
