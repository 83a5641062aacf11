#include "report/sanitize.hpp"

#include <algorithm>
#include <type_traits>

#include "report/redact.hpp"
#include "report/report_paths.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

std::string clean(const std::string& s, const util::redaction_policy& p) {
    return valid_utf8(redact_text(s, p));
}

core::header_list clean(const core::header_list& headers, const util::redaction_policy& p) {
    core::header_list out = redact_headers(headers, p);
    for (auto& [name, value] : out) {
        name = valid_utf8(name);
        value = valid_utf8(value);
    }
    return out;
}

core::transcript_entry clean(const core::transcript_entry& entry, const util::redaction_policy& p) {
    return std::visit(
        [&p](const auto& e) -> core::transcript_entry {
            auto c = e;
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, core::exchange_record>) {
                c.actor = clean(e.actor, p);
                c.method = clean(e.method, p);
                c.target = clean(e.target, p);
                c.request_headers = clean(e.request_headers, p);
                c.request_body = clean(e.request_body, p);
                c.response_headers = clean(e.response_headers, p);
                c.response_body = clean(e.response_body, p);
                c.error = clean(e.error, p);
            } else if constexpr (std::is_same_v<T, core::wait_record>) {
                c.what = clean(e.what, p);
                c.detail = clean(e.detail, p);
            } else {
                c.text = clean(e.text, p);
            }
            return c;
        },
        entry);
}

}  // namespace

const core::case_def& def_of(const core::case_result& r) {
    static const core::case_def unknown = [] {
        core::case_def d;
        d.id = "(unknown)";
        return d;
    }();
    return r.def ? *r.def : unknown;
}

core::case_result sanitized(const core::case_result& r, const util::redaction_policy& p) {
    core::case_result c;
    c.def = r.def;
    c.v = r.v;
    c.duration = r.duration;
    c.error = clean(r.error, p);
    c.reason = clean(r.reason, p);
    c.observation = clean(r.observation, p);
    for (const auto& [name, value] : r.metrics) c.metrics.emplace(valid_utf8(name), value);
    for (const auto& check : r.checks) {
        auto k = check;
        k.what = clean(check.what, p);
        k.expected = clean(check.expected, p);
        k.actual = clean(check.actual, p);
        k.where = clean(check.where, p);
        c.checks.push_back(std::move(k));
    }
    c.transcript.reserve(r.transcript.size());
    for (const auto& e : r.transcript) c.transcript.push_back(clean(e, p));
    c.transcript_path = transcript_path(def_of(r).id);
    return c;
}

std::map<core::verdict, int> count_verdicts(const std::vector<core::case_result>& results) {
    std::map<core::verdict, int> counts;
    for (const auto& r : results) ++counts[r.v];
    return counts;
}

core::run_summary sanitized(const core::run_summary& s, const util::redaction_policy& p) {
    core::run_summary c;
    c.info = s.info;
    c.info.target = clean(s.info.target, p);
    for (auto& f : c.info.facts) {
        f.key = valid_utf8(f.key);
        f.label = valid_utf8(f.label);
        f.value = clean(f.value, p);
    }
    c.duration = s.duration;
    c.partial = s.partial;
    c.setup_error = clean(s.setup_error, p);
    c.strict = s.strict;
    c.baseline = s.baseline;  // case ids and verdict words: ours, nothing to redact
    c.results.reserve(s.results.size());
    for (const auto& r : s.results) c.results.push_back(sanitized(r, p));
    std::stable_sort(c.results.begin(), c.results.end(),
                     [](const auto& a, const auto& b) { return def_of(a).id < def_of(b).id; });
    c.counts = count_verdicts(c.results);
    return c;
}

}  // namespace mxc::report
