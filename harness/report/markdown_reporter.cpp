#include "report/markdown_reporter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/case_order.hpp"
#include "report/case_text.hpp"
#include "report/report_paths.hpp"
#include "report/sanitize.hpp"
#include "report/text_escape.hpp"
#include "util/atomic_file.hpp"

namespace mxc::report {
namespace {

constexpr std::size_t cell_limit = 200;  // a table cell longer than this is unreadable anyway

std::string cell(std::string_view s) {
    return markdown_text(cut(s, cell_limit));
}

std::string run_table(const core::run_summary& s) {
    const auto& i = s.info;
    std::string out = "| Run | |\n|---|---|\n";
    auto row = [&](std::string_view name, const std::string& md) {
        if (!md.empty()) out += fmt::format("| {} | {} |\n", name, md);
    };
    row("Target", i.target.empty()
                      ? ""
                      : markdown_code(i.target) +
                            (i.target_kind.empty() ? "" : " (" + cell(i.target_kind) + ")"));
    for (const auto& f : i.facts) row(cell(f.label), cell(f.value));
    row("Started", cell(i.started_utc));
    row("Duration", format_duration(s.duration));
    row("Harness", cell("mxconform " + i.harness_version));
    row("Run id", cell(i.run_id));
    row("Strict", s.strict ? "yes" : "no");
    row("Status", s.partial ? "**partial**" : "complete");
    return out;
}

std::string counts_table(const core::run_summary& s) {
    std::string out = "| Verdict | Cases |\n|---|---:|\n";
    for (auto v : core::all_verdicts)
        if (auto it = s.counts.find(v); it != s.counts.end() && it->second > 0)
            out += fmt::format("| {} | {} |\n", core::to_string(v), it->second);
    return out + fmt::format("| **total** | **{}** |\n", s.results.size());
}

// Judged cases that did not pass; what a reader must act on comes first, then by id.
std::string attention_table(const core::run_summary& s) {
    std::vector<const core::case_result*> rows;
    for (const auto& r : s.results)
        if (r.v != core::verdict::pass && r.v != core::verdict::observed) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(),
                     [](auto* a, auto* b) { return attention_rank(a->v) < attention_rank(b->v); });
    std::string out;
    for (const auto* r : rows) {
        out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", core::to_string(r->v),
                           markdown_code(def_of(*r).id), core::to_string(def_of(*r).lvl),
                           cell(expected_text(*r)), cell(actual_text(*r)), cell(r->reason));
    }
    if (out.empty()) return s.results.empty() ? "No case ran.\n" : "Every judged case passed.\n";
    return "| Verdict | Case | Level | Expected | Actual | Reason |\n|---|---|---|---|---|---|\n" +
           out;
}

// Observed cases: what the server did where the spec is silent, and the question (issue 11).
std::string observations_table(const core::run_summary& s) {
    std::string out;
    for (const auto& r : s.results)
        if (r.v == core::verdict::observed)
            out += fmt::format(
                "| {} | {} | {} |\n", markdown_code(def_of(r).id),
                r.observation.empty() ? "(none)" : markdown_code(cut(r.observation, cell_limit)),
                cell(def_of(r).question));
    if (out.empty()) return {};
    return "## Observations\n\n| Case | Observation | Question |\n|---|---|---|\n" + out + "\n";
}

}  // namespace

markdown_reporter::markdown_reporter(std::filesystem::path dir, util::redaction_policy policy)
    : dir_(std::move(dir)), policy_(std::move(policy)) {}

std::string markdown_reporter::markdown(const core::run_summary& s) {
    std::string out = "# mxconform report\n\n" + run_table(s) + "\n";
    if (!s.setup_error.empty()) out += "**Setup error:** " + markdown_text(s.setup_error) + "\n\n";
    out += "## Summary\n\n" + markdown_text(summary_line(s)) + "\n\n" + counts_table(s) + "\n";
    out += "## Cases that did not pass\n\n" + attention_table(s) + "\n" + observations_table(s);
    out += "## Verdicts\n\n| Verdict | Meaning |\n|---|---|\n";
    for (auto v : core::all_verdicts)
        out += fmt::format("| {} | {} |\n", core::to_string(v), cell(core::legend(v)));
    return out;
}

void markdown_reporter::run_finished(const core::run_summary& raw) {
    util::write_file_atomic(dir_ / markdown_file, markdown(sanitized(raw, policy_)));
}

}  // namespace mxc::report
