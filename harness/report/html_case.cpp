#include "report/html_case.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/case_text.hpp"
#include "report/sanitize.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

// JSON bodies are shown indented (member order kept); anything else, or a truncated body, as is.
std::string pretty_body(const std::string& body) {
    auto j = nlohmann::ordered_json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_structured()) return body;
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string message_pre(std::string_view cls, const core::header_list& headers,
                        const std::string& body) {
    std::string text;
    for (const auto& [name, value] : headers) text += fmt::format("{}: {}\n", name, value);
    if (!headers.empty() && !body.empty()) text += '\n';
    text += pretty_body(body);
    if (text.empty()) return fmt::format("<pre class=\"{}\">(empty)</pre>", cls);
    return fmt::format("<pre class=\"{}\">{}</pre>", cls, escape_markup(text));
}

std::string exchange_html(const core::exchange_record& e) {
    std::string status = e.status ? std::to_string(e.status) : "no response";
    std::string out = fmt::format(
        "<li class=\"exchange\"><span class=\"t\">+{:.1f} ms</span> <span "
        "class=\"actor\">{}</span> "
        "<span class=\"kind\">{}</span> <code>{}</code> &rarr; <span class=\"status "
        "s{}\">{}</span> "
        "<span class=\"el\">in {:.1f} ms</span>",
        e.t_ms, escape_markup(e.actor), escape_markup(e.method), escape_markup(e.target),
        e.status / 100, escape_markup(status), e.elapsed_ms);
    if (!e.error.empty())
        out += fmt::format(" <span class=\"expired\">{}</span>", escape_markup(e.error));
    out += "\n<div class=\"io\">" + message_pre("request", e.request_headers, e.request_body) +
           message_pre("response", e.response_headers, e.response_body) + "</div></li>\n";
    return out;
}

std::string entry_html(const core::transcript_entry& entry) {
    if (auto* e = std::get_if<core::exchange_record>(&entry)) return exchange_html(*e);
    if (auto* w = std::get_if<core::wait_record>(&entry)) {
        std::string out = fmt::format(
            "<li class=\"wait\"><span class=\"t\">+{:.1f} ms</span> <span "
            "class=\"kind\">wait</span> {} ",
            w->t_ms, escape_markup(w->what));
        out += w->satisfied
                   ? fmt::format("&mdash; satisfied after {:.1f} of {:.1f} ms", w->waited_ms,
                                 w->bound_ms)
                   : fmt::format(
                         "&mdash; <span class=\"expired\">expired after {:.1f} of {:.1f} ms</span>",
                         w->waited_ms, w->bound_ms);
        if (!w->detail.empty()) out += fmt::format("<pre>{}</pre>", escape_markup(w->detail));
        return out + "</li>\n";
    }
    const auto& n = std::get<core::note_record>(entry);
    return fmt::format(
        "<li class=\"note\"><span class=\"t\">+{:.1f} ms</span> <span class=\"kind\">note</span> "
        "{}</li>\n",
        n.t_ms, escape_markup(n.text));
}

std::string facts_html(const core::case_result& r) {
    const auto& d = def_of(r);
    std::string out = "<dl class=\"facts\">\n";
    auto fact = [&](std::string_view name, const std::string& html) {
        if (!html.empty()) out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", name, html);
    };
    std::string spec = escape_markup(d.spec.doc);
    if (!d.spec.section.empty()) spec += (spec.empty() ? "" : ": ") + escape_markup(d.spec.section);
    if (!d.spec.url.empty())
        spec += fmt::format(" <a href=\"{}\">#{}</a>", escape_attr(d.spec.url),
                            escape_markup(d.spec.anchor));
    fact("Spec", spec);
    std::string ports;
    for (const auto& p : d.ports)
        ports += fmt::format("{}{}: {}", ports.empty() ? "" : "<br>", escape_markup(p.suite),
                             escape_markup(p.name));
    fact("Ports", ports);
    fact("Level", std::string(core::to_string(d.lvl)));
    if (!d.where.file.empty()) fact("Source", escape_markup(d.where.str()));
    fact("Reason", escape_markup(r.reason));
    fact("Error", escape_markup(r.error));
    fact("Transcript", fmt::format("<a href=\"{}\">{}</a>", escape_attr(r.transcript_path),
                                   escape_markup(r.transcript_path)));
    return out + "</dl>\n";
}

std::string checks_html(const core::case_result& r) {
    std::string out;
    for (const auto& c : r.checks) {
        if (c.ok) continue;
        out += "<div class=\"check\">";
        if (!c.what.empty()) out += fmt::format("<div>{}</div>", escape_markup(c.what));
        out += fmt::format("<div><span class=\"label\">Expected:</span> {}</div>",
                           escape_markup(c.expected));
        out += fmt::format("<div><span class=\"label\">Actual:</span> {}</div>",
                           escape_markup(c.actual));
        if (!c.where.empty())
            out += fmt::format("<div><span class=\"label\">At:</span> <code>{}</code></div>",
                               escape_markup(c.where));
        out += "</div>\n";
    }
    return out;
}

std::string metrics_html(const core::case_result& r) {
    if (r.metrics.empty()) return {};
    std::string out = "<h4>Metrics</h4>\n<table class=\"metrics\">\n";
    for (const auto& [name, value] : r.metrics)
        out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escape_markup(name), value);
    return out + "</table>\n";
}

}  // namespace

std::string html_badge(core::verdict v) {
    auto word = core::to_string(v);
    return fmt::format("<span class=\"badge v-{}\">{}</span>", word, word);
}

std::string html_legend() {
    std::string out = "<section>\n<h2>Verdicts</h2>\n<table class=\"legend\">\n";
    for (auto v : core::all_verdicts)
        out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", html_badge(v),
                           escape_markup(core::legend(v)));
    return out + "</table>\n</section>\n";
}

// A case id with a line-break opportunity after each dot, so a long id wraps inside its column
// at a component boundary instead of running into the next one (issue 11).
std::string html_id(std::string_view id) {
    std::string out;
    for (auto part = id; !part.empty();) {
        const auto dot = part.find('.');
        out += escape_markup(part.substr(0, dot == std::string_view::npos ? part.size() : dot + 1));
        if (dot == std::string_view::npos) break;
        out += "<wbr>";
        part.remove_prefix(dot + 1);
    }
    return out;
}

std::string html_case(const core::case_result& r) {
    const auto& d = def_of(r);
    auto word = core::to_string(r.v);
    std::string title = fmt::format("<span>{}</span>", escape_markup(d.title));
    if (!r.observation.empty())
        title += fmt::format("<code class=\"obs\">{}</code>", escape_markup(r.observation));
    if (!d.question.empty())
        title += fmt::format("<span class=\"q\">{}</span>", escape_markup(d.question));
    std::string out = fmt::format(
        "<details class=\"case\" data-verdict=\"{}\" id=\"{}\">\n<summary "
        "class=\"row\">{}<code class=\"id\" title=\"{}\">{}</code><span>{}</span>"
        "<span class=\"title\">{}</span><span>{}</span><span class=\"time\">{}</span></summary>\n"
        "<div class=\"body\">\n",
        word, escape_attr("case-" + d.id), html_badge(r.v), escape_attr(d.id), html_id(d.id),
        core::to_string(d.lvl), title, escape_markup(d.spec.section), format_duration(r.duration));
    if (!d.requirement.empty())
        out += fmt::format("<p><b>Requirement:</b> {}</p>\n", escape_markup(d.requirement));
    out += facts_html(r) + checks_html(r) + metrics_html(r);
    if (!r.transcript.empty()) {
        out += "<h4>Transcript</h4>\n<ol class=\"transcript\">\n";
        for (const auto& e : r.transcript) out += entry_html(e);
        out += "</ol>\n";
    }
    return out + "</div>\n</details>\n";
}

}  // namespace mxc::report
