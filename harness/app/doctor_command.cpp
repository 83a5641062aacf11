#include "app/doctor_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "app/catalogue_loader.hpp"
#include "app/data_dir.hpp"
#include "app/implementation.hpp"
#include "app/run_command.hpp"
#include "app/spec_validator.hpp"
#include "app/target_profiles.hpp"
#include "app/target_setup.hpp"
#include "core/runner.hpp"
#include "matrix/digest.hpp"
#include "matrix/key_fetcher.hpp"

namespace mxc::app {

namespace {

struct finding {
    std::string id;  // the fix's key in fixtures/targets/*.yaml
    std::string title;
    std::string status;  // ok | problem | skipped
    std::string detail;
};

std::string server_header(const steps::target_settings& t) {
    try {
        net::client_options o;
        o.connect_timeout = t.connect_timeout;
        net::http_client http(t.base_url, o);
        net::http_call call;
        call.target = "/_matrix/client/versions";
        call.timeout = t.request_timeout;
        return http.send(call).header("Server");
    } catch (const std::exception&) {
        return {};  // the setup already reached it; the header only helps to name the server
    }
}

// The federation listener over TLS with the run's trust, and the keys it publishes. Returns the
// implementation's name and version from /_matrix/federation/v1/version, when it answered.
std::string check_federation(steps::environment& env, std::vector<finding>& found) {
    const auto& fed = env.target().federation;
    std::string implementation;
    try {
        implementation = federation_implementation(env);
        found.push_back({"federation_listener", "federation listener", "ok",
                         fmt::format("{} answers over TLS and its certificate verifies; it is {}",
                                     fed.url, implementation)});
    } catch (const std::exception& e) {
        found.push_back({"federation_listener", "federation listener", "problem",
                         fmt::format("{}: {}", fed.url, e.what())});
        return implementation;
    }
    try {
        // A key id no server publishes: the fetch happens and is checked, and nothing matches.
        env.target_keys().lookup(env.target().server_name, "ed25519:mxconform-doctor");
        const auto keys = env.target_keys().cached(env.target().server_name);
        found.push_back({"federation_keys", "federation keys", "ok",
                         fmt::format("/_matrix/key/v2/server lists {} key(s), self-signed, valid",
                                     keys ? keys->verify_keys.size() : 0)});
    } catch (const std::exception& e) {
        found.push_back({"federation_keys", "federation keys", "problem", e.what()});
    }
    return implementation;
}

// The checks of fixtures/doctor/, run like any case; each result is one line.
void run_checks(const run_config& cfg, const core::registry& checks, steps::environment& env,
                bool federation_ready, std::vector<finding>& found) {
    core::runner_options ro;
    ro.jobs = cfg.jobs;
    ro.timeout_scale = cfg.timeout_scale;
    ro.body_limit = cfg.body_limit;
    if (federation_ready) ro.capabilities.insert("federation");
    ro.missing_reasons["federation"] = env.target().federation.enabled
                                           ? "the federation listener is not usable (above)"
                                           : "federation is off (--federation off)";
    core::runner r(ro, env, {});
    std::atomic<bool> never{false};
    core::run_info info;
    info.run_id = env.run_id();
    auto summary = r.run(checks.select({}, {}), info, never);
    // In the order the file lists them: the simplest first.
    std::sort(summary.results.begin(), summary.results.end(),
              [](const auto& a, const auto& b) { return a.def->where.line < b.def->where.line; });
    for (const auto& res : summary.results) {
        finding f;
        f.id = res.def->id.substr(res.def->id.find('.') + 1);
        f.title = res.def->title;
        if (res.v == core::verdict::pass) {
            f.status = "ok";
        } else if (res.v == core::verdict::skipped || res.v == core::verdict::unsupported) {
            f.status = "skipped";
            f.detail = res.reason;
        } else {
            f.status = "problem";
            f.detail = res.error.empty()
                           ? fmt::format("expected {}; got {}", res.expected(), res.actual())
                           : res.error;
        }
        found.push_back(std::move(f));
    }
}

std::string indent(const std::string& text, const std::string& pad) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line)) out += pad + line + "\n";
    return out;
}

void print(std::ostream& out, const std::string& target, const target_profile& profile,
           const std::string& implementation, const std::vector<finding>& found) {
    out << fmt::format("mxconform doctor: {} ({})\n", target,
                       implementation.empty() ? profile.name : implementation);
    std::size_t width = 0;
    for (const auto& f : found) width = std::max(width, f.title.size());
    int problems = 0;
    for (const auto& f : found) {
        out << fmt::format("{:<8} {:<{}}  {}\n", f.status, f.title, width, f.detail);
        if (f.status != "problem") continue;
        ++problems;
        auto fix = profile.fixes.find(f.id);
        if (fix == profile.fixes.end()) continue;
        out << fmt::format("{:<8} fix ({}, {}):\n", "", profile.name, profile.config)
            << indent(fix->second, std::string(11, ' '));
    }
    out << (problems == 0 ? "ready: every check passed\n"
                          : fmt::format("not ready: {} problem(s)\n", problems));
}

void print_json(std::ostream& out, const std::string& target, const target_profile& profile,
                const std::string& implementation, const std::vector<finding>& found) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    bool ready = true;
    for (const auto& f : found) {
        const auto fix = profile.fixes.find(f.id);
        checks.push_back(
            {{"id", f.id},
             {"title", f.title},
             {"status", f.status},
             {"detail", f.detail},
             {"fix",
              f.status == "problem" && fix != profile.fixes.end() ? fix->second : std::string()}});
        ready = ready && f.status != "problem";
    }
    out << nlohmann::ordered_json{{"target", target},
                                  {"implementation", implementation},
                                  {"profile", profile.name},
                                  {"ready", ready},
                                  {"checks", std::move(checks)}}
               .dump(2)
        << '\n';
}

}  // namespace

int doctor_command(const run_config& cfg, bool json, std::ostream& out, std::ostream& err) {
    std::vector<target_profile> profiles;
    core::registry checks;
    std::unique_ptr<spec_validator> validator;
    try {
        validate(cfg);
        profiles = load_target_profiles(default_fixtures_dir() / "targets");
        steps::load_suites(default_fixtures_dir() / "doctor", checks, reference_fault_names());
        validator = std::make_unique<spec_validator>(
            cfg.specs_dir.empty() ? default_specs_dir() : std::filesystem::path(cfg.specs_dir));
    } catch (const std::exception& e) {
        err << "mxconform: " << e.what() << '\n';
        return 2;
    }

    std::vector<finding> found;
    std::vector<std::string> signatures;
    std::string implementation;
    target_setup setup(cfg);
    const auto report = [&] {
        const auto& profile = detect_target(profiles, signatures);
        const std::string target =
            cfg.target.empty() ? "the embedded reference server" : cfg.target;
        if (json)
            print_json(out, target, profile, implementation, found);
        else
            print(out, target, profile, implementation, found);
        return std::any_of(found.begin(), found.end(),
                           [](const finding& f) { return f.status == "problem"; })
                   ? 1
                   : 0;
    };
    try {
        setup.start();
    } catch (const std::exception& e) {
        // Nothing else can be tried: which part failed says what to fix.
        found.push_back({setup.versions() ? "registration" : "client_api",
                         setup.versions() ? "accounts can be made" : "client API answers /versions",
                         "problem", e.what()});
        return report();
    }
    const auto& t = setup.settings();
    signatures.push_back(server_header(t));
    found.push_back({"client_api", "client API answers /versions", "ok",
                     fmt::format("{} lists {}; prefix {}", t.base_url,
                                 fmt::join(*setup.versions(), ", "), t.prefix)});

    steps::environment env(t, "doctor" + matrix::random_upper(4), validator.get());
    bool federation_ready = false;
    if (t.federation.enabled) {
        implementation = check_federation(env, found);
        signatures.push_back(implementation);
        federation_ready = std::none_of(found.begin(), found.end(), [](const finding& f) {
            return f.status == "problem" && f.id.starts_with("federation");
        });
    }
    run_checks(cfg, checks, env, federation_ready, found);
    return report();
}

}  // namespace mxc::app
