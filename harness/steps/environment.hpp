// What every case of a run shares: the target, how accounts are made on it, the API
// definitions to validate against, and the run id that makes names unique. Thread-safe.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/case_run.hpp"
#include "matrix/accounts.hpp"
#include "matrix/client.hpp"
#include "matrix/key_fetcher.hpp"
#include "matrix/registration.hpp"
#include "net/tls_certs.hpp"

namespace mxc::steps {

using json = nlohmann::json;

using matrix::account;

struct validation_finding {
    std::string pointer;
    std::string message;
};

// Checks exchanges against the API definitions (specs/); implemented over spec::catalogue.
class exchange_validator {
  public:
    virtual ~exchange_validator() = default;
    // Whether the operation is catalogued at all (uncatalogued exchanges are not checked).
    virtual std::vector<validation_finding> check_request(const std::string& method,
                                                          const std::string& path,
                                                          const std::string& query,
                                                          const json* body) const = 0;
    virtual std::vector<validation_finding> check_response(const std::string& method,
                                                           const std::string& path, unsigned status,
                                                           const json* body) const = 0;
};

// How cases reach the target's federation API and run mock remote homeservers.
struct federation_settings {
    bool enabled = false;
    std::string url;               // the target's federation base URL (https://...)
    net::tls_trust target_trust;   // whether to believe the target's certificate
    std::filesystem::path ca_dir;  // mxconform's CA, which issues the mocks' certificates
    std::string mock_host = "127.0.0.1";
};

struct target_settings {
    std::string base_url;       // scheme://host:port of the client API
    std::string prefix = "v3";  // r0 or v3
    std::string server_name;
    matrix::registration registration;
    std::chrono::milliseconds request_timeout{10'000};
    std::chrono::milliseconds connect_timeout{5'000};
    federation_settings federation;
    // Restarts the target and returns once it answers again, narrating into the case's
    // transcript; trouble is a core::harness_error. Null when the target cannot be restarted
    // (a live one without --restart-cmd); the app provides it, so steps know no refserver.
    std::function<void(core::case_run&)> restart;
};

class environment : public core::services {
  public:
    // With a tokens file, reads it: throws std::runtime_error "file:line:column: ..." when it is
    // malformed.
    environment(target_settings settings, std::string run_id, const exchange_validator* validator);

    const target_settings& target() const { return settings_; }
    const std::string& run_id() const { return run_id_; }
    const exchange_validator* validator() const { return validator_; }

    // A localpart no other case or run uses: mxc.<run>.<n>.<name>.
    std::string unique_localpart(const std::string& name);

    // Makes an account (user + first device) with the configured strategy, or another device
    // of one (logging in again). Exchanges go through `c`, so they reach the case's transcript;
    // trouble is a core::harness_error.
    account register_account(matrix::client& c, const std::string& name);
    account login(matrix::client& c, const account& who, const std::string& device_id = {});

    // Accounts from a tokens file outlive the run (issue #9 part 6): drained before a case
    // uses them, and the devices a case adds logged out after it. file_accounts: how many the
    // file holds.
    bool reuses_accounts() const { return accounts_.reuses_accounts(); }
    std::size_t file_accounts() const { return accounts_.file_accounts(); }
    // Trouble is a core::harness_error.
    matrix::drain_result drain(matrix::client& c, const account& who);
    matrix::reply logout(matrix::client& c, const account& device);

    net::client_options client_options() const;
    std::string client_path(const std::string& rest, const std::string& prefix = {}) const;

    // Federation, made on first use and shared by every case. The CA issues the mocks'
    // certificates; the key fetcher holds the target's published keys; the client options
    // reach the target's federation API with the configured trust.
    const net::certificate_authority& ca();
    matrix::key_fetcher& target_keys();
    net::client_options federation_client_options();

  private:
    target_settings settings_;
    std::string run_id_;
    const exchange_validator* validator_;
    std::atomic<int> counter_{0};
    matrix::provisioner accounts_;
    std::mutex federation_mutex_;
    std::unique_ptr<net::certificate_authority> ca_;
    std::shared_ptr<net::ssl::context> federation_tls_;
    std::unique_ptr<matrix::key_fetcher> target_keys_;
};

}  // namespace mxc::steps
