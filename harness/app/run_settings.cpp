#include "app/run_settings.hpp"

#include <filesystem>

#include "app/account_needs.hpp"
#include "app/setting_types.hpp"

namespace mxc::app {

namespace {

using settings::declare;

settings::check<std::string> url_with(std::vector<std::string> schemes, std::string why) {
    return [schemes = std::move(schemes), why = std::move(why)](const std::string& v) {
        if (v.empty()) return std::string();
        for (const auto& s : schemes)
            if (v.starts_with(s)) return std::string();
        return "must be " + why + ", not '" + v + "'";
    };
}

std::vector<settings::setting<run_config>> run_entries() {
    using c = run_config;
    return {
        declare("target", &c::target, "URL",
                "Client API base URL of a live server (default: start the embedded server on a "
                "free loopback port)",
                url_with({"http://", "https://"}, "an http:// or https:// URL")),
        declare("server-name", &c::server_name, "NAME",
                "Matrix server name (default: the domain of the first registered user)"),
        declare("register", &c::registration, "shared-secret:S|open|tokens:FILE",
                "How accounts are made on a live server: Synapse's admin API with the "
                "registration shared secret; open registration with m.login.dummy; or pre-made "
                "accounts (`- {user_id, access_token, device_id, password}` per line; a password "
                "is needed for cases that log in a second device or delete one)"),
        declare("prefix", &c::prefix, "auto|r0|v3",
                "Client API path prefix; auto: v3 when /versions lists v1.1 or later",
                settings::one_of({"auto", "r0", "v3"})),
        declare("cases", &c::cases, "GLOB", "Only cases whose id matches this glob"),
        declare("exclude", &c::exclude, "GLOB", "Leave out cases whose id matches this glob"),
        declare("jobs", &c::jobs, "N",
                "Cases run in parallel; every case has its own users and devices",
                settings::between(1, 64)),
        declare("timeout-scale", &c::timeout_scale, "F",
                "Multiply every wait (slow servers, sanitizer builds)",
                settings::check<double>([](const double& v) {
                    return v > 0 && v <= 100
                               ? std::string()
                               : "must be in (0, 100], not " + settings::scalar<double>::text(v);
                })),
        declare("strict", &c::strict, "",
                "Count non-strict results (a should not met) as failing the run"),
        declare("expectations", &c::expectations, "FILE",
                "YAML: `case.id: {expect: expected-fail|skip, reason: \"...\"}`"),
        declare("baseline", &c::baseline, "FILE",
                "Compare with this baseline; the exit code is then 1 only for a regression (a "
                "verdict worse than the file's, or a new case that fails)"),
        declare("write-baseline", &c::write_baseline, "FILE",
                "After the run, write every case's verdict to FILE, sorted by id"),
        declare("baseline-format", &c::baseline_format, "jsonl|complement",
                "Format of --baseline and --write-baseline: `{\"id\", \"verdict\"}` lines, or "
                "Complement's `{\"Action\": \"pass|fail|skip\", \"Test\"}` lines",
                settings::one_of({"jsonl", "complement"})),
        declare("report-dir", &c::report_dir, "DIR",
                "Where reports go (default: reports/<UTC timestamp>)"),
        declare("verbose", &c::verbose, "", "Print each case's transcript on the console"),
        declare("no-color", &c::no_color, "",
                "No colours on the console (NO_COLOR is honoured too)"),
        declare("ref-fault", &c::ref_faults, "FAULT",
                "Start the embedded server with this deliberate fault on (`mxconform serve --help` "
                "lists them)"),
        declare("suites", &c::suites_dir, "DIR",
                "Directory of YAML suites (default: the shipped suites/)"),
        declare("specs", &c::specs_dir, "DIR",
                "API definitions to validate every exchange against: a directory like the "
                "shipped specs/ (the default), or a checkout of the upstream Matrix spec "
                "(api/ of the r0 era or data/api/ of v1.x), where our specs/ fill in what "
                "upstream leaves as prose and the report says which"),
        declare("body-limit", &c::body_limit, "BYTES", "Cut transcript bodies at this many bytes"),
        declare("request-timeout-ms", &c::request_timeout_ms, "MS", "Deadline of one request",
                settings::at_least(100)),
        declare("connect-timeout-ms", &c::connect_timeout_ms, "MS", "Deadline of one connect",
                settings::at_least(100)),
        declare("federation", &c::federation, "on|off", "off: the federation cases are skipped",
                settings::one_of({"on", "off"})),
        declare("federation-url", &c::federation_url, "URL",
                "The target's federation API (default: https://<server name>, port 8448 when the "
                "name has none)",
                url_with({"https://"}, "an https:// URL (federation is HTTPS only)")),
        declare("target-ca", &c::target_ca, "FILE",
                "PEM file of the CA that issued the target's federation certificate (default: "
                "the system store)",
                settings::check<std::string>([](const std::string& v) {
                    return v.empty() || std::filesystem::is_regular_file(v)
                               ? std::string()
                               : "must name an existing file, not '" + v + "'";
                })),
        declare("insecure-federation", &c::insecure_federation, "",
                "Do not check the target's federation certificate"),
        declare("ca-dir", &c::ca_dir, "DIR",
                "mxconform's CA, which issues the mock remotes' certificates (default: "
                "$XDG_DATA_HOME/mxconform/ca; `mxconform ca` prints its certificate's path)"),
        declare("restart-cmd", &c::restart_cmd, "CMD",
                "Shell command that restarts the live target (run with MXC_TARGET and "
                "MXC_SERVER_NAME set; then /versions is awaited); without it the restart cases "
                "are skipped"),
    };
}

}  // namespace

const settings::table<run_config>& run_settings() {
    static const settings::table<run_config> table("run", run_entries(), account_needs_note);
    return table;
}

}  // namespace mxc::app
