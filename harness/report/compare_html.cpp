#include <fmt/format.h>

#include "core/verdict.hpp"
#include "report/compare_pages.hpp"
#include "report/compare_table.hpp"
#include "report/html_assets.hpp"
#include "report/html_case.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

// A fixed layout: the case column a third of the page, the servers share the rest, and every
// cell wraps, so neither a long id nor a long observation widens the table (issue 11).
constexpr std::string_view compare_style = R"CSS(
table.compare { width: 100%; table-layout: fixed; border-collapse: collapse; margin-top: .8rem; }
table.compare col.case { width: 34%; }
table.compare th, table.compare td { text-align: left; vertical-align: top; padding: .3rem .4rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
table.compare thead th { color: var(--muted); font-weight: normal; border-bottom: 2px solid var(--line); }
table.compare tr.suite th { padding-top: 1.1rem; font-size: 1rem; }
table.compare tr.differs td:first-child { box-shadow: inset 3px 0 0 var(--yellow); }
table.compare td > * { display: block; max-width: 100%; }
table.compare td .badge { display: inline-block; min-width: 0; }
)CSS";

std::string badge(const std::string& word) {
    if (const auto v = core::parse_verdict(word)) return html_badge(*v);
    return fmt::format("<span class=\"badge\">{}</span>", escape_markup(word));
}

std::string html_cell(const indexed_case* c) {
    if (!c) return "<td class=\"none\">(not run)</td>";
    std::string out = fmt::format("<td title=\"{}\">{}", escape_attr(c->actual), badge(c->verdict));
    if (!c->observation.empty())
        out += fmt::format("<code class=\"obs\">{}</code>", escape_markup(c->observation));
    return out + "</td>";
}

std::string runs_table(const std::vector<run_index>& runs) {
    std::string out = "<table class=\"run\">\n";
    for (const auto& r : runs) {
        std::string what = r.target + (r.target_kind.empty() ? "" : " (" + r.target_kind + ")");
        for (const auto& part : {r.run_id, r.started, r.file.generic_string()})
            if (!part.empty()) what += " · " + part;
        out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escape_markup(r.column),
                           escape_markup(what));
    }
    return out + "</table>\n";
}

}  // namespace

std::string compare_html(const std::vector<run_index>& runs) {
    const auto groups = compare_groups(runs);
    std::size_t rows = 0, differing = 0;
    for (const auto& g : groups) rows += g.rows.size(), differing += g.differing;
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>mxconform compare</title>\n<style>{}{}</style>\n</head>\n<body>\n"
        "<h1>mxconform compare</h1>\n{}<p class=\"summary\">{} cases, {} differ between the runs "
        "(listed first, marked at the left)</p>\n",
        html_style, compare_style, runs_table(runs), rows, differing);
    out += "<table class=\"compare\">\n<colgroup><col class=\"case\">";
    for (std::size_t i = 0; i < runs.size(); ++i) out += "<col>";
    out += "</colgroup>\n<thead><tr><th>case</th>";
    for (const auto& r : runs) out += fmt::format("<th>{}</th>", escape_markup(r.column));
    out += "</tr></thead>\n";
    for (const auto& g : groups) {
        out += fmt::format(
            "<tbody>\n<tr class=\"suite\"><th colspan=\"{}\"><code>{}</code> <span "
            "class=\"tally\">{} of {} differ</span></th></tr>\n",
            runs.size() + 1, escape_markup(g.suite), g.differing, g.rows.size());
        for (const auto& row : g.rows) {
            out += fmt::format("<tr{}><td><code class=\"id\" title=\"{}\">{}</code>",
                               row.differs ? " class=\"differs\"" : "", escape_attr(row.id),
                               html_id(row.id));
            if (const auto& q = row.any().question; !q.empty())
                out += fmt::format("<span class=\"q\">{}</span>", escape_markup(q));
            out += "</td>";
            for (const auto* c : row.cells) out += html_cell(c);
            out += "</tr>\n";
        }
        out += "</tbody>\n";
    }
    return out + "</table>\n" + html_legend() + "</body>\n</html>\n";
}

}  // namespace mxc::report
