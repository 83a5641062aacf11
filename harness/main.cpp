// mxconform: parse the command line and hand over. Exit codes: 0 ok, 1 failures, 2 usage.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

#include "refserver/server.hpp"

namespace {

std::string fault_help() {
    std::string text = "Switch on a deliberate deviation (repeatable):";
    for (const auto& f : mxc::refserver::all_faults()) text += fmt::format("\n  {:<26} {}", f.name, f.description);
    return text;
}

int serve(const mxc::refserver::config& base, const std::string& listen, const std::vector<std::string>& faults) {
    auto cfg = base;
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) throw CLI::ValidationError("--listen", "expected HOST:PORT, got '" + listen + "'");
    cfg.listen_host = listen.substr(0, colon);
    if (cfg.listen_host.size() > 2 && cfg.listen_host.front() == '[') cfg.listen_host = cfg.listen_host.substr(1, cfg.listen_host.size() - 2);
    try {
        const int port = std::stoi(listen.substr(colon + 1));
        if (port < 0 || port > 65535) throw std::out_of_range("port");
        cfg.listen_port = static_cast<unsigned short>(port);
    } catch (const std::exception&) {
        throw CLI::ValidationError("--listen", "'" + listen.substr(colon + 1) + "' is not a port number");
    }
    for (const auto& name : faults) {
        auto f = mxc::refserver::parse_fault(name);
        if (!f) throw CLI::ValidationError("--fault", "unknown fault '" + name + "' (see serve --help)");
        cfg.faults.enable(*f);
    }
    cfg.log = [](const std::string& line) { std::cout << line << '\n' << std::flush; };
    mxc::refserver::server srv(cfg);
    srv.run_until_signal();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"mxconform: conformance harness for the Matrix send-to-device module"};
    app.set_version_flag("--version", std::string(MXC_VERSION));
    app.require_subcommand(1);

    mxc::refserver::config cfg;
    std::string listen = "127.0.0.1:8008";
    std::vector<std::string> faults;
    auto* serve_cmd = app.add_subcommand("serve", "Run the reference homeserver in the foreground");
    serve_cmd->add_option("--listen", listen, "Address to listen on, HOST:PORT")->capture_default_str();
    serve_cmd->add_option("--server-name", cfg.server_name, "Matrix server name (default: the listen address)");
    serve_cmd->add_option("--db", cfg.db_path, "SQLite database file (default: a temporary file)");
    serve_cmd->add_option("--registration-shared-secret", cfg.registration_shared_secret,
                          "Enable Synapse-style shared-secret registration at /_synapse/admin/v1/register");
    serve_cmd->add_option("--max-body-bytes", cfg.max_body_bytes, "Largest request body accepted")
        ->capture_default_str();
    serve_cmd->add_option("--fault", faults, fault_help());

    try {
        app.parse(argc, argv);
        if (serve_cmd->parsed()) {
            std::cerr << fmt::format("mxconform serve: listening on {} (faults: {})\n", listen, [&] {
                std::string s;
                for (const auto& f : faults) s += (s.empty() ? "" : ",") + f;
                return s.empty() ? std::string("none") : s;
            }());
            return serve(cfg, listen, faults);
        }
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    } catch (const std::exception& e) {
        std::cerr << "mxconform: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
