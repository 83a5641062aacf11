#include "report/console_reporter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/baseline_report.hpp"
#include "report/case_text.hpp"
#include "report/redact.hpp"
#include "report/sanitize.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

constexpr std::size_t verdict_width = 15;     // "unexpected-pass"
constexpr std::size_t progress_columns = 79;  // a wrapped line could not be rewritten with '\r'

std::string_view colour_of(core::verdict v) {
    switch (v) {
        case core::verdict::pass:
            return "\x1b[32m";
        case core::verdict::fail:
        case core::verdict::error:
        case core::verdict::unexpected_pass:
            return "\x1b[31m";
        case core::verdict::non_strict:
        case core::verdict::expected_fail:
            return "\x1b[33m";
        default:
            return "\x1b[2m";  // observed, unsupported, skipped: not judged
    }
}

std::string paint(std::string_view text, std::string_view colour, bool on) {
    if (!on) return std::string(text);
    return fmt::format("{}{}\x1b[0m", colour, text);
}

bool shows_reason(core::verdict v) {
    return v == core::verdict::skipped || v == core::verdict::unsupported ||
           v == core::verdict::expected_fail;
}

}  // namespace

console_reporter::console_reporter(std::ostream& out, util::redaction_policy policy,
                                   console_options options)
    : out_(out), policy_(std::move(policy)), options_(std::move(options)) {}

std::string console_reporter::case_block(const core::case_result& r,
                                         const console_options& options) {
    auto word = core::to_string(r.v);
    std::string pad(verdict_width > word.size() ? verdict_width - word.size() : 0, ' ');
    std::string rest = fmt::format("{} {}  {}", pad, def_of(r).id, format_duration(r.duration));
    if (shows_reason(r.v) && !r.reason.empty()) rest += fmt::format("  ({})", r.reason);
    // What the server did, where the spec does not say what it must (issue 11).
    if (!r.observation.empty()) rest += "  " + r.observation;
    rest += '\n';
    if (needs_attention(r.v)) rest += details_text(r, "    ");
    if (options.verbose && !r.transcript.empty()) {
        rest += "    Transcript:\n";
        rest += transcript_text(r, "      ");
    }
    // Only our own colour codes reach the terminal; a server's bytes are made printable.
    return paint(word, colour_of(r.v), options.color) + printable(rest);
}

void console_reporter::run_started(const core::run_info& info) {
    std::string text =
        fmt::format("mxconform {}: {} case{} against {}", info.harness_version, info.planned,
                    info.planned == 1 ? "" : "s", printable(redact_text(info.target, policy_)));
    if (!info.target_kind.empty()) text += fmt::format(" ({})", printable(info.target_kind));
    text += '\n';
    for (const auto& f : info.facts)
        if (f.announce && !f.value.empty())
            text += printable(fmt::format("{}: {}", f.label, redact_text(f.value, policy_))) + '\n';
    std::lock_guard lock(mutex_);
    total_ = info.planned;
    write(text);
}

void console_reporter::case_started(const core::case_def& def) {
    if (!options_.tty) return;
    std::lock_guard lock(mutex_);
    running_ = def.id;
    clear_progress();
    draw_progress();
    out_.flush();
}

void console_reporter::case_finished(const core::case_result& result, std::size_t done,
                                     std::size_t total) {
    std::string text = case_block(sanitized(result, policy_), options_);
    std::lock_guard lock(mutex_);
    done_ = std::max(done_, done);
    total_ = total;
    ++counts_[result.v];
    write(text);
}

void console_reporter::run_finished(const core::run_summary& s) {
    std::string text;
    if (!s.setup_error.empty())
        text +=
            paint(fmt::format("Setup error: {}", printable(redact_text(s.setup_error, policy_))),
                  "\x1b[31m", options_.color) +
            "\n";
    if (s.baseline) text += baseline_block(*s.baseline);
    bool failing = s.exit_code() != 0;
    text += paint(summary_line(s), failing ? "\x1b[1;31m" : "\x1b[1;32m", options_.color) + "\n";
    if (!options_.report_dir.empty())
        text += fmt::format("Reports: {}\n", printable(options_.report_dir.string()));
    std::lock_guard lock(mutex_);
    running_.clear();
    clear_progress();
    out_ << text;
    out_.flush();
}

void console_reporter::write(const std::string& text) {
    clear_progress();
    out_ << text;
    draw_progress();
    out_.flush();
}

void console_reporter::clear_progress() {
    if (progress_width_ == 0) return;
    out_ << '\r' << std::string(progress_width_, ' ') << '\r';
    progress_width_ = 0;
}

void console_reporter::draw_progress() {
    if (!options_.tty || total_ == 0) return;
    std::string line = fmt::format("[{}/{}]", done_, total_);
    if (auto c = counts_text(counts_); !c.empty()) line += " " + c;
    if (!running_.empty()) line += " | " + running_;
    line = cut(line, progress_columns - 1);
    out_ << line;
    progress_width_ = 0;  // in columns: UTF-8 continuation bytes take none
    for (char c : line) progress_width_ += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

}  // namespace mxc::report
