// summary.md: what a pull request comment or a CI job summary shows. Run facts, the counts,
// a table of every case that did not pass with Expected/Actual, and the verdict legend.
// Cumulative and stateless.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace mxc::report {

class markdown_reporter : public core::listener {
  public:
    explicit markdown_reporter(std::filesystem::path dir);

    void run_finished(const core::run_summary& summary) override;  // throws write_error

    static std::string markdown(const core::run_summary& sanitized_summary);

  private:
    std::filesystem::path dir_;
};

}  // namespace mxc::report
