#include "report/html_reporter.hpp"

#include <fmt/format.h>

#include "report/case_order.hpp"
#include "report/case_text.hpp"
#include "report/html_assets.hpp"
#include "report/html_case.hpp"
#include "report/report_paths.hpp"
#include "report/sanitize.hpp"
#include "report/text_escape.hpp"
#include "util/atomic_file.hpp"

namespace mxc::report {
namespace {

std::string header_html(const core::run_summary& s) {
    const auto& i = s.info;
    std::string out = "<header>\n<h1>mxconform report</h1>\n";
    if (s.partial)
        out +=
            "<div class=\"alert\">Partial run: it was interrupted before every case had "
            "run.</div>\n";
    if (!s.setup_error.empty())
        out += fmt::format("<div class=\"alert error\"><b>Setup error:</b> {}</div>\n",
                           escape_markup(s.setup_error));
    out += "<table class=\"run\">\n";
    auto row = [&](std::string_view name, const std::string& value) {
        if (!value.empty())
            out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", name, escape_markup(value));
    };
    row("Target",
        i.target_kind.empty() ? i.target : fmt::format("{} ({})", i.target, i.target_kind));
    for (const auto& f : i.facts) row(escape_markup(f.label), f.value);
    row("Started", i.started_utc);
    row("Duration", format_duration(s.duration));
    row("Harness", "mxconform " + i.harness_version);
    row("Run id", i.run_id);
    row("Strict", s.strict ? "yes" : "no");
    out += "</table>\n";
    out += fmt::format("<p class=\"summary\">{}</p>\n</header>\n", escape_markup(summary_line(s)));
    return out;
}

std::string filters_html(const core::run_summary& s) {
    std::string out = fmt::format(
        "<nav class=\"filters\">\n<button class=\"on\" data-verdict=\"all\">all ({})</button>\n",
        s.results.size());
    for (auto v : core::all_verdicts)
        if (auto it = s.counts.find(v); it != s.counts.end() && it->second > 0)
            out += fmt::format("<button data-verdict=\"{}\">{} {}</button>\n", core::to_string(v),
                               html_badge(v), it->second);
    out +=
        "<button data-open=\"true\">expand all</button>\n<button data-open=\"false\">collapse "
        "all</button>\n";
    return out + "</nav>\n";
}

}  // namespace

html_reporter::html_reporter(std::filesystem::path dir, util::redaction_policy policy)
    : dir_(std::move(dir)), policy_(std::move(policy)) {}

std::string html_reporter::html_page(const core::run_summary& s) {
    std::string title =
        s.info.target.empty() ? "mxconform report" : "mxconform report: " + s.info.target;
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n<title>{}</title>\n"
        "<style>{}</style>\n</head>\n<body>\n",
        escape_markup(title), html_style);
    out += header_html(s);
    out += "<section>\n<h2>Cases</h2>\n" + filters_html(s);
    out +=
        "<div class=\"row "
        "head\"><span>verdict</span><span>case</span><span>level</span><span>title</span>"
        "<span>spec section</span><span class=\"time\">time</span></div>\n";
    if (s.results.empty()) out += "<p>No case ran.</p>\n";
    for (const auto& g : group_by_suite(s.results)) {
        out += fmt::format(
            "<section class=\"suite\">\n<h3><code>{}</code> <span class=\"tally\">{}</span></h3>\n",
            escape_markup(g.suite), escape_markup(counts_text(g.counts)));
        for (const auto* r : g.cases) out += html_case(*r);
        out += "</section>\n";
    }
    out += "</section>\n" + html_legend();
    out += fmt::format("<footer>mxconform {} &middot; run {}</footer>\n",
                       escape_markup(s.info.harness_version), escape_markup(s.info.run_id));
    return out + fmt::format("<script>{}</script>\n</body>\n</html>\n", html_script);
}

void html_reporter::run_finished(const core::run_summary& raw) {
    util::write_file_atomic(dir_ / html_file, html_page(sanitized(raw, policy_)));
}

}  // namespace mxc::report
