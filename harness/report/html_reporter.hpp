// index.html: one self-contained page (inline CSS and JS, nothing fetched) for a person: run
// facts and counts, the verdict legend, filter buttons by verdict, and every case expandable
// to its requirement, failed checks, metrics and transcript. Cumulative and stateless.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace mxc::report {

class html_reporter : public core::listener {
  public:
    explicit html_reporter(std::filesystem::path dir);

    void run_finished(const core::run_summary& summary) override;  // throws write_error

    static std::string html_page(const core::run_summary& sanitized_summary);

  private:
    std::filesystem::path dir_;
};

}  // namespace mxc::report
