// index.html: one self-contained page (inline CSS and JS, nothing fetched) for a person: run
// facts and counts, filter buttons by verdict, the cases grouped by suite with a tally each,
// what did not pass first (case_order.hpp), every case expandable to its requirement, failed
// checks, metrics and transcript; the verdict legend last. Cumulative and stateless.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

class html_reporter : public core::listener {
  public:
    html_reporter(std::filesystem::path dir, util::redaction_policy policy);

    void run_finished(const core::run_summary& summary) override;  // throws util::write_error

    static std::string html_page(const core::run_summary& sanitized_summary);

  private:
    std::filesystem::path dir_;
    util::redaction_policy policy_;
};

}  // namespace mxc::report
