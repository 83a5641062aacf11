// The streaming reporter: one line per case as it finishes, the details of a case that needs
// attention right under it, a progress line on a terminal, and a summary line at the end.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <ostream>
#include <string>

#include "core/result.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

struct console_options {
    bool color = false;    // ANSI colours on the verdict words (off for NO_COLOR / --no-color)
    bool tty = false;      // keep a progress line at the bottom, rewritten with '\r'
    bool verbose = false;  // print the whole transcript of every finished case
    std::filesystem::path report_dir;  // named after the summary line when not empty
};

// Thread-safety: the runner calls listeners from several worker threads at once. Each call
// builds its text first, then writes it whole while holding mutex_, so the lines of two cases
// never interleave and the progress line is always cleared before a case line is written.
class console_reporter : public core::listener {
  public:
    // Everything printed is redacted by `policy` first.
    console_reporter(std::ostream& out, util::redaction_policy policy,
                     console_options options = {});

    void run_started(const core::run_info& info) override;
    void case_started(const core::case_def& def) override;
    void case_finished(const core::case_result& result, std::size_t done,
                       std::size_t total) override;
    void run_finished(const core::run_summary& summary) override;

    // The coloured (or plain) block for one finished case: the case line and, for verdicts
    // that need attention or in verbose mode, the details under it.
    static std::string case_block(const core::case_result& sanitized_result,
                                  const console_options& options);

  private:
    void write(const std::string& text);  // mutex_ held
    void clear_progress();                // mutex_ held
    void draw_progress();                 // mutex_ held

    std::ostream& out_;
    util::redaction_policy policy_;
    console_options options_;
    std::mutex mutex_;
    std::size_t done_ = 0;
    std::size_t total_ = 0;
    std::map<core::verdict, int> counts_;
    std::string running_;             // the case started last, for the progress line
    std::size_t progress_width_ = 0;  // what is on screen, to blank it out
};

}  // namespace mxc::report
