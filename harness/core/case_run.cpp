#include "core/case_run.hpp"

#include <algorithm>

namespace mxc::core {

case_run::case_run(const case_def& def, std::string run_id, double timeout_scale, services& env,
                   std::size_t body_limit, const std::atomic<bool>& interrupted)
    : def_(def),
      run_id_(std::move(run_id)),
      timeout_scale_(timeout_scale),
      env_(env),
      interrupted_(interrupted),
      log_(body_limit) {}

std::chrono::milliseconds case_run::scaled(std::chrono::milliseconds base) const {
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(base.count()) * timeout_scale_));
}

bool case_run::check(bool ok, std::string what, std::string expected, std::string actual,
                     std::string where) {
    std::lock_guard lock(mutex_);
    checks_.push_back(
        {ok, std::move(what), std::move(expected), std::move(actual), std::move(where), false});
    return ok;
}

void case_run::require(bool ok, std::string what, std::string expected, std::string actual,
                       std::string where) {
    const std::string summary = what;
    // An observed case exists to record what the server does, so it goes on past a
    // difference and records the next one too.
    if (!check(ok, std::move(what), std::move(expected), std::move(actual), std::move(where)) &&
        def_.lvl != level::observed)
        throw case_stopped(summary);
}

void case_run::schema_finding(std::string what, std::string pointer, std::string message) {
    std::lock_guard lock(mutex_);
    checks_.push_back({false, std::move(what), "a body valid against the API definitions",
                       std::move(message), std::move(pointer), true});
}

void case_run::metric(const std::string& name, double value) {
    std::lock_guard lock(mutex_);
    metrics_[name] = value;
}

void case_run::observe(const std::string& key, const std::string& value) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(observed_.begin(), observed_.end(),
                           [&](const auto& part) { return part.first == key; });
    if (it != observed_.end())
        it->second = value;
    else
        observed_.emplace_back(key, value);
}

std::string case_run::observation() const {
    std::lock_guard lock(mutex_);
    std::string line;
    for (const auto& [key, value] : observed_) {
        if (!line.empty()) line += ' ';
        line += key + '=' + value;
    }
    return line;
}

std::vector<check_record> case_run::checks() const {
    std::lock_guard lock(mutex_);
    return checks_;
}

std::map<std::string, double> case_run::metrics() const {
    std::lock_guard lock(mutex_);
    return metrics_;
}

int case_run::failed_checks() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(
        std::count_if(checks_.begin(), checks_.end(), [](const auto& c) { return !c.ok; }));
}

}  // namespace mxc::core
