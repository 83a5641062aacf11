// mxconform: parse the command line and hand over. Exit codes: 0 ok, 1 failures, 2 usage.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/ca_command.hpp"
#include "app/doctor_command.hpp"
#include "app/run_command.hpp"
#include "app/run_settings.hpp"
#include "app/serve_command.hpp"
#include "app/settings_cli.hpp"

namespace {

using mxc::app::settings::command_line;

void add_list_options(CLI::App* list, mxc::app::list_options& o) {
    list->add_option("--cases", o.cases, "Only cases whose id matches this glob (repeatable)");
    list->add_flag(
        "--json", o.json,
        "A JSON array of {id, level, title, suite, spec, requirement, ports, caught_by, accounts}");
    list->add_option("--suites", o.suites_dir, "Directory of YAML suites");
    list->add_flag("--steps", o.steps, "The steps YAML cases may use instead: name, keys, help");
}

void add_ca_options(CLI::App* ca, mxc::app::ca_options& o) {
    ca->add_option("--ca-dir", o.ca_dir,
                   "Directory of ca.pem and ca.key, created when missing (default: "
                   "$XDG_DATA_HOME/mxconform/ca or ~/.local/share/mxconform/ca)");
    auto* issue =
        ca->add_option("--issue", o.issue,
                       "Also issue a certificate for this IP address or DNS name (repeatable)");
    auto* out = ca->add_option("--out", o.out, "Directory for the issued cert.pem and key.pem");
    issue->needs(out);
    out->needs(issue);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"mxconform: conformance harness for the Matrix send-to-device module"};
    app.set_version_flag("--version", std::string(MXC_VERSION));
    app.require_subcommand(1);

    auto* run_cmd =
        app.add_subcommand("run", "Run the suites against a server (default: the embedded one)");
    const command_line<mxc::app::run_config> run_line(
        *run_cmd, mxc::app::run_settings(), command_line<mxc::app::run_config>::profile::allowed);

    auto* doctor_cmd = app.add_subcommand(
        "doctor", "Check that a server is ready for a run: one line per check, with the fix");
    const command_line<mxc::app::run_config> doctor_line(
        *doctor_cmd, mxc::app::run_settings(),
        command_line<mxc::app::run_config>::profile::allowed);
    bool doctor_json = false;
    doctor_cmd->add_flag("--json", doctor_json, "One JSON object: target, ready, checks");

    mxc::app::list_options list_opt;
    auto* list_cmd =
        app.add_subcommand("list", "List every case: id, level, title, spec section, ported tests");
    add_list_options(list_cmd, list_opt);

    auto* serve_cmd = app.add_subcommand("serve", "Run the reference homeserver in the foreground");
    const command_line<mxc::app::serve_options> serve_line(
        *serve_cmd, mxc::app::serve_settings(),
        command_line<mxc::app::serve_options>::profile::none);

    mxc::app::ca_options ca_opt;
    auto* ca_cmd = app.add_subcommand(
        "ca", "Print the path of mxconform's CA certificate (a target trusts it for federation)");
    add_ca_options(ca_cmd, ca_opt);

    try {
        app.parse(argc, argv);
        if (run_cmd->parsed()) {
            const auto cfg = run_line.resolve(std::cout);
            return cfg ? mxc::app::run_command(*cfg, std::cout, std::cerr) : 0;
        }
        if (doctor_cmd->parsed()) {
            const auto cfg = doctor_line.resolve(std::cout);
            return cfg ? mxc::app::doctor_command(*cfg, doctor_json, std::cout, std::cerr) : 0;
        }
        if (list_cmd->parsed()) return mxc::app::list_command(list_opt, std::cout, std::cerr);
        if (serve_cmd->parsed()) {
            const auto opt = serve_line.resolve(std::cout);
            return opt ? mxc::app::serve_command(*opt, std::cout, std::cerr) : 0;
        }
        if (ca_cmd->parsed()) return mxc::app::ca_command(ca_opt, std::cout, std::cerr);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    } catch (const std::exception& e) {
        std::cerr << "mxconform: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
