// Runs cases on a pool of worker threads, makes each verdict, and tells the listeners.
// Cases are independent (fresh users and devices each), so any order and any --jobs work;
// except cases that need an exclusive capability (one that disturbs every case running beside
// it, such as restarting the target): they run after all others, one at a time.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/baseline.hpp"
#include "core/case_run.hpp"
#include "core/expectations.hpp"
#include "core/result.hpp"

namespace mxc::core {

struct runner_options {
    int jobs = 4;
    double timeout_scale = 1.0;
    std::size_t body_limit = 4096;  // transcript bodies
    bool strict = false;
    std::map<std::string, expectation_entry> expectations;
    // Capabilities the run has; a case needing another is skipped, with the reason given here.
    std::set<std::string> capabilities;
    std::map<std::string, std::string> missing_reasons;
    // --baseline: the summary is compared with it before the listeners hear of it.
    std::optional<baseline> against;
    // Capabilities whose cases run alone, after the others ("restart").
    std::set<std::string> exclusive;
};

class runner {
  public:
    runner(runner_options options, services& env, std::vector<listener*> listeners);

    // Runs until done or `interrupted` becomes true (cases not started are left out and the
    // summary is marked partial). Never throws for a case's trouble: that is its verdict.
    run_summary run(const std::vector<const case_def*>& cases, run_info info,
                    const std::atomic<bool>& interrupted);

    // Runs one case to a result (exposed for tests).
    case_result run_one(const case_def& def, const std::string& run_id,
                        const std::atomic<bool>& interrupted);

  private:
    runner_options options_;
    services& env_;
    std::vector<listener*> listeners_;
};

}  // namespace mxc::core
