// The machine-readable report: index.json (run, summary, one object per case, sorted by id)
// and transcripts/<id>.json per case with every exchange, wait and note. Cumulative: it writes
// everything at run_finished, from the summary alone, so it is stateless and thread-safe.
#pragma once

#include <filesystem>

#include "core/result.hpp"
#include "report/json_text.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

class json_reporter : public core::listener {
  public:
    json_reporter(std::filesystem::path dir, util::redaction_policy policy);

    // Writes the transcripts first and index.json last, so the index never names a missing
    // file. Throws util::write_error when a file cannot be written.
    void run_finished(const core::run_summary& summary) override;

    // index.json's document, for a sanitized summary (sanitize.hpp).
    static ojson index_json(const core::run_summary& sanitized_summary);

  private:
    std::filesystem::path dir_;
    util::redaction_policy policy_;
};

}  // namespace mxc::report
