#include <fmt/format.h>

#include "report/compare_pages.hpp"
#include "report/compare_table.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

constexpr std::size_t cell_limit = 200;

std::string md(std::string_view s) {
    return markdown_text(cut(s, cell_limit));
}

std::string markdown_cell(const indexed_case* c) {
    if (!c) return "(not run)";
    if (c->observation.empty()) return md(c->verdict);
    return md(c->verdict) + "<br>" + markdown_code(cut(c->observation, cell_limit));
}

}  // namespace

std::string compare_markdown(const std::vector<run_index>& runs) {
    std::string out = "# mxconform compare\n\n| Server | Target | Run id | Started | File |\n";
    out += "|---|---|---|---|---|\n";
    for (const auto& r : runs)
        out += fmt::format("| {} | {}{} | {} | {} | {} |\n", md(r.column), markdown_code(r.target),
                           r.target_kind.empty() ? "" : " (" + md(r.target_kind) + ")",
                           md(r.run_id), md(r.started), markdown_code(r.file.generic_string()));
    const auto groups = compare_groups(runs);
    std::size_t rows = 0, differing = 0;
    for (const auto& g : groups) rows += g.rows.size(), differing += g.differing;
    out += fmt::format("\n{} cases, {} differ between the runs (marked ≠, listed first).\n", rows,
                       differing);
    std::string head = "| Case |", rule = "|---|";
    for (const auto& r : runs) head += " " + md(r.column) + " |", rule += "---|";
    for (const auto& g : groups) {
        out += fmt::format("\n## {} — {} of {} differ\n\n{}\n{}\n",
                           markdown_code(g.suite.empty() ? "(no suite)" : g.suite), g.differing,
                           g.rows.size(), head, rule);
        for (const auto& row : g.rows) {
            out += fmt::format("| {}{} |", row.differs ? "≠ " : "", markdown_code(row.id));
            for (const auto* c : row.cells) out += " " + markdown_cell(c) + " |";
            out += '\n';
        }
    }
    return out;
}

}  // namespace mxc::report
