// mxconform: parse the command line and hand over. Exit codes: 0 ok, 1 failures, 2 usage.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "app/ca_command.hpp"
#include "app/config.hpp"
#include "app/run_command.hpp"
#include "net/tls_certs.hpp"
#include "refserver/server.hpp"

namespace {

std::string fault_help() {
    std::string text = "Switch on a deliberate deviation (repeatable):";
    for (const auto& f : mxc::refserver::all_faults())
        text += fmt::format("\n  {:<26} {}", f.name, f.description);
    return text;
}

// HOST:PORT, with [v6]:PORT allowed.
void parse_listen(const std::string& option, const std::string& listen, std::string& host,
                  unsigned short& port) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos)
        throw CLI::ValidationError(option, "expected HOST:PORT, got '" + listen + "'");
    host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    try {
        std::size_t used = 0;
        const int number = std::stoi(listen.substr(colon + 1), &used);
        if (number < 0 || number > 65535 || used != listen.size() - colon - 1)
            throw std::out_of_range("port");
        port = static_cast<unsigned short>(number);
    } catch (const std::exception&) {
        throw CLI::ValidationError(option,
                                   "'" + listen.substr(colon + 1) + "' is not a port number");
    }
}

// What `serve` needs for federation beyond the config: where its TLS material comes from.
struct federation_options {
    std::string listen;  // empty: federation off
    std::string tls_cert, tls_key, ca_dir, federation_ca;
    bool insecure = false;
};

std::string read_file(const std::string& option, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf()))
        throw std::runtime_error(option + ": cannot read '" + path + "'");
    return text.str();
}

// The listener's certificate is the given PEM pair, or one for the listen host issued by the CA
// in --ca-dir; outbound trust is --federation-ca, nothing (--insecure-federation) or that CA.
void configure_federation(const federation_options& o, mxc::refserver::federation_config& fed) {
    if (o.listen.empty()) {
        if (!o.tls_cert.empty() || !o.tls_key.empty() || !o.federation_ca.empty() || o.insecure)
            throw CLI::ValidationError("--federation-listen",
                                       "--tls-cert, --tls-key, --federation-ca and "
                                       "--insecure-federation need --federation-listen");
        return;
    }
    fed.enabled = true;
    parse_listen("--federation-listen", o.listen, fed.listen_host, fed.listen_port);
    if (o.tls_cert.empty() != o.tls_key.empty())
        throw CLI::ValidationError("--tls-cert", "--tls-cert and --tls-key go together");
    std::optional<mxc::net::certificate_authority> ca;
    auto own_ca = [&]() -> const mxc::net::certificate_authority& {
        if (!ca) ca = mxc::net::certificate_authority::open_or_create(o.ca_dir);
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
    if (o.insecure) {
        fed.trust.how = mxc::net::tls_trust::mode::none;
    } else if (!o.federation_ca.empty()) {
        fed.trust = {mxc::net::tls_trust::mode::ca_file, o.federation_ca};
    } else {
        fed.trust = {mxc::net::tls_trust::mode::ca_file, own_ca().cert_file()};
    }
}

int serve(mxc::refserver::config cfg, const std::string& listen,
          const std::vector<std::string>& faults, const federation_options& federation) {
    parse_listen("--listen", listen, cfg.listen_host, cfg.listen_port);
    for (const auto& name : faults) {
        auto f = mxc::refserver::parse_fault(name);
        if (!f)
            throw CLI::ValidationError("--fault",
                                       "unknown fault '" + name + "' (see serve --help)");
        cfg.faults.enable(*f);
    }
    configure_federation(federation, cfg.federation);
    cfg.log = [](const std::string& line) { std::cout << line << '\n' << std::flush; };
    mxc::refserver::server srv(cfg);
    srv.run_until_signal([&] {
        std::cerr << fmt::format("mxconform serve: listening on {} as {} (faults: {})\n",
                                 srv.base_url(), srv.server_name(), cfg.faults.describe());
        if (cfg.federation.enabled)
            std::cerr << fmt::format("mxconform serve: federation on {}\n", srv.federation_url());
    });
    return 0;
}

void add_run_options(CLI::App* run, mxc::app::run_config& c, std::string& profile, bool& print) {
    run->add_option("--config", profile, "YAML profile with the same settings (flags override it)");
    run->add_flag("--print-config", print, "Print the effective settings as a profile and exit");
    run->add_option("--target", c.target,
                    "Client API base URL of a live server (default: the embedded server)");
    run->add_option("--server-name", c.server_name,
                    "Matrix server name (default: the first registered user's)");
    run->add_option_function<std::string>(
        "--register", [&c](const std::string& v) { c.registration = mxc::app::parse_register(v); },
        "shared-secret:SECRET | open | tokens:FILE");
    run->add_option("--prefix", c.prefix, "auto | r0 | v3")->capture_default_str();
    run->add_option("--cases", c.cases, "Only cases whose id matches this glob (repeatable)");
    run->add_option("--exclude", c.exclude,
                    "Leave out cases whose id matches this glob (repeatable)");
    run->add_option("--jobs", c.jobs, "Cases run in parallel")->capture_default_str();
    run->add_option("--timeout-scale", c.timeout_scale, "Multiply every wait")
        ->capture_default_str();
    run->add_flag("--strict", c.strict, "Count non-strict (should-level) results as failing");
    run->add_option("--expectations", c.expectations,
                    "YAML: case id -> {expect: expected-fail|skip, reason}");
    run->add_option("--report-dir", c.report_dir,
                    "Where reports go (default reports/<UTC timestamp>)");
    run->add_flag("--verbose", c.verbose, "Print each case's transcript on the console");
    run->add_flag("--no-color", c.no_color, "No colours (NO_COLOR is honoured too)");
    run->add_option_function<std::vector<std::string>>(
        "--ref-fault",
        [&c](const std::vector<std::string>& v) { c.ref_faults = mxc::app::parse_ref_faults(v); },
        "Start the embedded server with this fault on (repeatable)");
    run->add_option("--suites", c.suites_dir,
                    "Directory of YAML suites (default: the shipped suites/)");
    run->add_option("--specs", c.specs_dir,
                    "Directory of Swagger definitions (default: the shipped specs/)");
    run->add_option("--body-limit", c.body_limit, "Cut transcript bodies at this many bytes")
        ->capture_default_str();
    run->add_option("--request-timeout-ms", c.request_timeout_ms, "Deadline of one request")
        ->capture_default_str();
    run->add_option("--connect-timeout-ms", c.connect_timeout_ms, "Deadline of one connect")
        ->capture_default_str();
    run->add_option("--federation", c.federation, "on | off (off: federation cases are skipped)")
        ->capture_default_str();
    run->add_option("--federation-url", c.federation_url,
                    "The target's federation API (default: https://<server name>)");
    run->add_option("--target-ca", c.target_ca,
                    "PEM file of the CA that issued the target's federation certificate");
    run->add_flag("--insecure-federation", c.insecure_federation,
                  "Do not check the target's federation certificate");
    run->add_option("--ca-dir", c.ca_dir,
                    "mxconform's CA, which issues the mock remotes' certificates (see mxconform ca)");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"mxconform: conformance harness for the Matrix send-to-device module"};
    app.set_version_flag("--version", std::string(MXC_VERSION));
    app.require_subcommand(1);

    mxc::app::run_config run_cfg;
    std::string profile;
    bool print_config = false;
    auto* run_cmd =
        app.add_subcommand("run", "Run the suites against a server (default: the embedded one)");
    add_run_options(run_cmd, run_cfg, profile, print_config);

    mxc::app::list_options list_opt;
    auto* list_cmd =
        app.add_subcommand("list", "List every case: id, level, title, spec section, ported tests");
    list_cmd->add_option("--cases", list_opt.cases,
                         "Only cases whose id matches this glob (repeatable)");
    list_cmd->add_flag("--json", list_opt.json,
                       "A JSON array of {id, level, title, suite, spec, ports}");
    list_cmd->add_option("--suites", list_opt.suites_dir, "Directory of YAML suites");
    list_cmd->add_flag("--steps", list_opt.steps,
                       "The steps YAML cases may use instead: name, keys, help");

    mxc::refserver::config serve_cfg;
    std::string listen = "127.0.0.1:8008";
    std::vector<std::string> faults;
    auto* serve_cmd = app.add_subcommand("serve", "Run the reference homeserver in the foreground");
    serve_cmd->add_option("--listen", listen, "Address to listen on, HOST:PORT")
        ->capture_default_str();
    serve_cmd->add_option("--server-name", serve_cfg.server_name,
                          "Matrix server name (default: the listen address)");
    serve_cmd->add_option("--db", serve_cfg.db_path,
                          "SQLite database file (default: a temporary file)");
    serve_cmd->add_option(
        "--registration-shared-secret", serve_cfg.registration_shared_secret,
        "Enable Synapse-style shared-secret registration at /_synapse/admin/v1/register");
    serve_cmd
        ->add_option("--max-body-bytes", serve_cfg.max_body_bytes, "Largest request body accepted")
        ->capture_default_str();
    serve_cmd->add_option("--fault", faults, fault_help());
    federation_options federation;
    federation.ca_dir = mxc::net::certificate_authority::default_dir().string();
    serve_cmd->add_option("--federation-listen", federation.listen,
                          "Serve the federation API over TLS on HOST:PORT (default: off); the "
                          "server name is then HOST:PORT unless --server-name is given");
    serve_cmd->add_option("--tls-cert", federation.tls_cert,
                          "PEM certificate of the federation listener (default: one issued by "
                          "the CA in --ca-dir)");
    serve_cmd->add_option("--tls-key", federation.tls_key, "PEM private key for --tls-cert");
    serve_cmd->add_option("--ca-dir", federation.ca_dir, "mxconform's certificate authority")
        ->capture_default_str();
    serve_cmd->add_option("--federation-ca", federation.federation_ca,
                          "PEM CA file trusted for outbound federation (default: ca.pem in "
                          "--ca-dir)");
    serve_cmd->add_flag("--insecure-federation", federation.insecure,
                        "Do not verify the certificates of other servers");

    mxc::app::ca_options ca_opt;
    auto* ca_cmd = app.add_subcommand(
        "ca", "Print the path of mxconform's CA certificate (a target trusts it for federation)");
    ca_cmd->add_option("--ca-dir", ca_opt.ca_dir,
                       "Directory of ca.pem and ca.key, created when missing (default: "
                       "$XDG_DATA_HOME/mxconform/ca or ~/.local/share/mxconform/ca)");
    auto* issue_opt =
        ca_cmd->add_option("--issue", ca_opt.issue,
                           "Also issue a certificate for this IP address or DNS name (repeatable)");
    auto* out_opt =
        ca_cmd->add_option("--out", ca_opt.out, "Directory for the issued cert.pem and key.pem");
    issue_opt->needs(out_opt);
    out_opt->needs(issue_opt);

    try {
        app.parse(argc, argv);
        if (run_cmd->parsed()) {
            // The profile first, then the flags given on the command line over it.
            if (!profile.empty()) {
                mxc::app::run_config from_file;
                mxc::app::load_profile(profile, from_file);
                auto given = [&](const char* flag) { return run_cmd->count(flag) > 0; };
                auto pick = [&](auto& field, const auto& file_value, const char* flag) {
                    if (!given(flag)) field = file_value;
                };
                pick(run_cfg.target, from_file.target, "--target");
                pick(run_cfg.server_name, from_file.server_name, "--server-name");
                pick(run_cfg.registration, from_file.registration, "--register");
                pick(run_cfg.prefix, from_file.prefix, "--prefix");
                pick(run_cfg.cases, from_file.cases, "--cases");
                pick(run_cfg.exclude, from_file.exclude, "--exclude");
                pick(run_cfg.jobs, from_file.jobs, "--jobs");
                pick(run_cfg.timeout_scale, from_file.timeout_scale, "--timeout-scale");
                pick(run_cfg.strict, from_file.strict, "--strict");
                pick(run_cfg.expectations, from_file.expectations, "--expectations");
                pick(run_cfg.report_dir, from_file.report_dir, "--report-dir");
                pick(run_cfg.verbose, from_file.verbose, "--verbose");
                pick(run_cfg.no_color, from_file.no_color, "--no-color");
                pick(run_cfg.ref_faults, from_file.ref_faults, "--ref-fault");
                pick(run_cfg.suites_dir, from_file.suites_dir, "--suites");
                pick(run_cfg.specs_dir, from_file.specs_dir, "--specs");
                pick(run_cfg.body_limit, from_file.body_limit, "--body-limit");
                pick(run_cfg.request_timeout_ms, from_file.request_timeout_ms,
                     "--request-timeout-ms");
                pick(run_cfg.connect_timeout_ms, from_file.connect_timeout_ms,
                     "--connect-timeout-ms");
            }
            if (print_config) {
                std::cout << mxc::app::print_config(run_cfg);
                return 0;
            }
            return mxc::app::run_command(run_cfg, std::cout, std::cerr);
        }
        if (list_cmd->parsed()) return mxc::app::list_command(list_opt, std::cout, std::cerr);
        if (serve_cmd->parsed()) return serve(serve_cfg, listen, faults, federation);
        if (ca_cmd->parsed()) return mxc::app::ca_command(ca_opt, std::cout, std::cerr);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    } catch (const std::exception& e) {
        std::cerr << "mxconform: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
