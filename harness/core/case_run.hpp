// The running state of one case: its checks, metrics and transcript, the shared environment
// the steps work in, and the deadlines. Steps record here; they never print.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/case_def.hpp"
#include "core/result.hpp"
#include "core/transcript.hpp"

namespace mxc::core {

// The steps' world (target, provisioning, spec catalogue), opaque to core.
class services {
  public:
    virtual ~services() = default;
};

// Thrown to end a case early. A failed `require` ends it as judged; the others as the name says.
struct case_stopped : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct harness_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct case_unsupported : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class case_run {
  public:
    case_run(const case_def& def, std::string run_id, double timeout_scale, services& env,
             std::size_t body_limit, const std::atomic<bool>& interrupted);

    const case_def& def() const { return def_; }
    const std::string& run_id() const { return run_id_; }
    services& env() { return env_; }
    transcript& log() { return log_; }
    const transcript& log() const { return log_; }

    // Every wait is bounded and scaled by --timeout-scale.
    std::chrono::milliseconds scaled(std::chrono::milliseconds base) const;
    bool interrupted() const { return interrupted_.load(); }

    // Records a check; returns ok. Thread-safe.
    bool check(bool ok, std::string what, std::string expected, std::string actual,
               std::string where = {});
    // Records a check and, when it failed, ends the case (later steps would mean nothing),
    // except in an observed case, which records and goes on.
    void require(bool ok, std::string what, std::string expected, std::string actual,
                 std::string where = {});
    // A response that does not match the API definitions.
    void schema_finding(std::string what, std::string pointer, std::string message);
    void metric(const std::string& name, double value);
    // Records one part of an observed case's observation, `key=value`; parts keep the order they
    // were recorded in, and a key recorded again replaces its value. Thread-safe.
    void observe(const std::string& key, const std::string& value);
    // The observation: the parts joined by single spaces.
    std::string observation() const;

    std::vector<check_record> checks() const;
    std::map<std::string, double> metrics() const;
    int failed_checks() const;

  private:
    const case_def& def_;
    std::string run_id_;
    double timeout_scale_;
    services& env_;
    const std::atomic<bool>& interrupted_;
    transcript log_;
    mutable std::mutex mutex_;
    std::vector<check_record> checks_;
    std::map<std::string, double> metrics_;
    std::vector<std::pair<std::string, std::string>> observed_;
};

}  // namespace mxc::core
