// The server a run talks to: the embedded reference server (started here, fresh database,
// optional faults) or a live one; probed once for /versions, the path prefix and the server
// name before any case runs.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/case_run.hpp"
#include "matrix/client.hpp"
#include "net/tls_certs.hpp"
#include "refserver/server.hpp"
#include "steps/environment.hpp"

namespace mxc::app {

class target_setup {
  public:
    explicit target_setup(const run_config& cfg) : cfg_(cfg) {}
    ~target_setup();

    // Throws std::runtime_error with one clear line when the target cannot be used; what was
    // learned until then stays readable, for the report of the setup error.
    void start();
    void stop();
    const steps::target_settings& settings() const { return settings_; }
    // Whether restart() can work: always for the embedded server, with --restart-cmd for a live
    // one. settings().restart calls restart() then.
    bool can_restart() const { return embedded_ || !cfg_.restart_cmd.empty(); }
    // Restarts the target (in-process, or --restart-cmd) and waits, bounded, until /versions
    // answers 200 again; narrated into `run`'s transcript. Trouble is a core::harness_error.
    void restart(core::case_run& run);
    // What /versions advertised; nullopt until it answered (the prefix is chosen then).
    const std::optional<std::vector<std::string>>& versions() const { return versions_; }

  private:
    // The jobs of start(), in order; each fills its part of settings_.
    void start_embedded();
    void use_live_target();
    std::vector<std::string> probe_versions() const;
    std::string discover_server_name() const;
    void settle_federation();
    void await_versions(core::case_run& run);

    matrix::client probe_client() const;
    std::filesystem::path ca_dir() const;
    const net::certificate_authority& authority();

    const run_config& cfg_;
    std::unique_ptr<net::certificate_authority> ca_;
    steps::target_settings settings_;
    std::optional<std::vector<std::string>> versions_;
    std::unique_ptr<refserver::server> embedded_;
};

}  // namespace mxc::app
