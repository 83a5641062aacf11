// summary.md: what a pull request comment or a CI job summary shows. Run facts, the counts,
// a table of every judged case that did not pass with Expected/Actual, a table of the observed
// cases with their observation and question, and the verdict legend.
// Cumulative and stateless.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

class markdown_reporter : public core::listener {
  public:
    markdown_reporter(std::filesystem::path dir, util::redaction_policy policy);

    void run_finished(const core::run_summary& summary) override;  // throws util::write_error

    static std::string markdown(const core::run_summary& sanitized_summary);

  private:
    std::filesystem::path dir_;
    util::redaction_policy policy_;
};

}  // namespace mxc::report
