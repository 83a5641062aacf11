// The settings of one `mxconform run`: documented defaults in place, filled from a YAML
// profile (--config) and then from flags, loaded once and passed by const reference. Each
// member is declared as a setting (flag, profile key, help, check) in run_settings.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "matrix/registration.hpp"
#include "refserver/faults.hpp"

namespace mxc::app {

struct run_config {
    std::string target;       // client API base URL; empty: the embedded reference server
    std::string server_name;  // default: the domain of the first registered user id
    // How accounts are made on a live target; empty: not given (the embedded server uses its
    // own secret).
    std::optional<matrix::registration> registration;
    std::string prefix = "auto";       // auto | r0 | v3
    std::vector<std::string> cases;    // globs on case ids; empty: all
    std::vector<std::string> exclude;  // globs on case ids
    int jobs = 4;
    double timeout_scale = 1.0;
    bool strict = false;
    std::string expectations;  // YAML file
    // Baselines (issue #10): compare with one, write one, in our JSON Lines or Complement's.
    std::string baseline;
    std::string write_baseline;
    std::string baseline_format = "jsonl";
    std::string report_dir;  // default reports/<UTC timestamp>
    bool verbose = false;
    bool no_color = false;
    std::vector<refserver::fault> ref_faults;  // faults of the embedded server
    std::string suites_dir;                    // default: the suites/ shipped with mxconform
    std::string specs_dir;                     // default: the specs/ shipped with mxconform
    std::size_t body_limit = 4096;             // transcript bodies are cut here
    int request_timeout_ms = 10'000;
    int connect_timeout_ms = 5'000;
    // Federation: on | off. With a live target, its federation API is federation_url (default
    // https://<server name>), its certificate checked against the system store, target_ca, or
    // not at all (insecure_federation). The mocks' certificates come from the CA in ca_dir.
    std::string federation = "on";
    std::string federation_url;
    std::string target_ca;
    bool insecure_federation = false;
    std::string ca_dir;  // default: net::certificate_authority::default_dir()
    // A shell command that restarts a live target (issue 10, "Target restarts"); empty: the
    // cases that restart it are skipped. The embedded server restarts in-process.
    std::string restart_cmd;
};

// Each setting's own check, then the rules between settings; throws std::runtime_error with
// one line naming the flags.
void validate(const run_config& c);

}  // namespace mxc::app
