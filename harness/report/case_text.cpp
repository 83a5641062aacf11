#include "report/case_text.hpp"

#include <fmt/format.h>

#include "report/sanitize.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

// Appends "label: text", continuation lines indented under the text.
void add(std::string& out, std::string_view indent, std::string_view label, std::string_view text) {
    out += indent;
    out += label;
    std::string cont = std::string(indent) + "  ";
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    for (char c : text) {
        out += c;
        if (c == '\n') out += cont;
    }
    out += '\n';
}

void add_body(std::string& out, std::string_view indent, std::string_view marker,
              std::string_view body, std::size_t limit) {
    if (body.empty()) return;
    add(out, indent, marker, limit ? cut(body, limit) : std::string(body));
}

void add_exchange(std::string& out, const core::exchange_record& e, std::string_view indent,
                  std::size_t body_cut, bool headers) {
    std::string inner = std::string(indent) + "  ";
    if (headers)
        for (const auto& [name, value] : e.request_headers)
            out += fmt::format("{}> {}: {}\n", inner, name, value);
    add_body(out, inner, "> ", e.request_body, body_cut);
    if (headers)
        for (const auto& [name, value] : e.response_headers)
            out += fmt::format("{}< {}: {}\n", inner, name, value);
    add_body(out, inner, "< ", e.response_body, body_cut);
}

}  // namespace

std::string format_duration(std::chrono::milliseconds d) {
    if (d.count() < 1000) return fmt::format("{} ms", d.count());
    return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

std::string counts_text(const std::map<core::verdict, int>& counts) {
    std::string out;
    for (auto v : core::all_verdicts) {
        auto it = counts.find(v);
        if (it == counts.end() || it->second == 0) continue;
        if (!out.empty()) out += ", ";
        out += fmt::format("{} {}", it->second, core::to_string(v));
    }
    return out;
}

std::string summary_line(const core::run_summary& s) {
    auto counts = count_verdicts(s.results);
    std::string line =
        fmt::format("{} case{} in {:.1f} s", s.results.size(), s.results.size() == 1 ? "" : "s",
                    static_cast<double>(s.duration.count()) / 1000.0);
    if (auto c = counts_text(counts); !c.empty()) line += ": " + c;
    if (s.partial) line += " (partial)";
    return line;
}

std::string expected_text(const core::case_result& r) {
    return r.v == core::verdict::unexpected_pass ? "to fail, as the expectations file says"
                                                 : r.expected();
}

std::string actual_text(const core::case_result& r) {
    return r.v == core::verdict::unexpected_pass ? "every check passed" : r.actual();
}

bool needs_attention(core::verdict v) {
    return v == core::verdict::fail || v == core::verdict::error ||
           v == core::verdict::non_strict || v == core::verdict::unexpected_pass;
}

const core::exchange_record* last_exchange(const core::case_result& r) {
    for (auto it = r.transcript.rbegin(); it != r.transcript.rend(); ++it)
        if (auto* e = std::get_if<core::exchange_record>(&*it)) return e;
    return nullptr;
}

std::string exchange_line(const core::exchange_record& e) {
    std::string line = fmt::format("+{:.1f} ms ", e.t_ms);
    if (!e.actor.empty()) line += e.actor + " ";
    line += fmt::format("{} {} -> ", e.method, e.target);
    if (e.status != 0)
        line += fmt::format("{} in {:.1f} ms", e.status, e.elapsed_ms);
    else
        line += fmt::format("no response after {:.1f} ms", e.elapsed_ms);
    if (!e.error.empty()) line += " (" + e.error + ")";
    return line;
}

std::string entry_line(const core::transcript_entry& entry) {
    if (auto* e = std::get_if<core::exchange_record>(&entry)) return exchange_line(*e);
    if (auto* w = std::get_if<core::wait_record>(&entry)) {
        return w->satisfied
                   ? fmt::format("+{:.1f} ms wait: {} (satisfied after {:.1f} of {:.1f} ms)",
                                 w->t_ms, w->what, w->waited_ms, w->bound_ms)
                   : fmt::format("+{:.1f} ms wait: {} (EXPIRED after {:.1f} of {:.1f} ms)", w->t_ms,
                                 w->what, w->waited_ms, w->bound_ms);
    }
    const auto& n = std::get<core::note_record>(entry);
    return fmt::format("+{:.1f} ms note: {}", n.t_ms, n.text);
}

std::string details_text(const core::case_result& r, std::string_view indent,
                         std::size_t body_cut) {
    std::string out;
    const auto& def = def_of(r);
    if (!def.requirement.empty()) add(out, indent, "Requirement: ", def.requirement);
    if (r.v == core::verdict::unexpected_pass) {
        add(out, indent, "Expected: ", expected_text(r));
        add(out, indent, "Actual: ", actual_text(r));
    }
    for (const auto& c : r.checks) {
        if (c.ok) continue;
        if (!c.what.empty() && c.what != def.requirement) add(out, indent, "Check: ", c.what);
        add(out, indent, "Expected: ", c.expected);
        add(out, indent, "Actual: ", c.actual);
        if (!c.where.empty()) add(out, indent, "At: ", c.where);
    }
    if (!r.error.empty()) add(out, indent, "Error: ", r.error);
    if (!r.reason.empty()) add(out, indent, "Reason: ", r.reason);
    if (const auto* e = last_exchange(r)) {
        add(out, indent, "Last exchange: ", exchange_line(*e));
        add_exchange(out, *e, indent, body_cut, false);
    }
    return out;
}

std::string transcript_text(const core::case_result& r, std::string_view indent) {
    std::string out;
    for (const auto& entry : r.transcript) {
        add(out, indent, "", entry_line(entry));
        if (auto* e = std::get_if<core::exchange_record>(&entry))
            add_exchange(out, *e, indent, 0, true);
        if (auto* w = std::get_if<core::wait_record>(&entry); w && !w->detail.empty())
            add(out, std::string(indent) + "  ", "", w->detail);
    }
    return out;
}

}  // namespace mxc::report
