#include "report/sanitize.hpp"

#include <algorithm>
#include <type_traits>

#include "report/redact.hpp"
#include "report/report_paths.hpp"
#include "report/text_escape.hpp"

namespace mxc::report {
namespace {

std::string clean(const std::string& s) {
    return valid_utf8(redact_text(s));
}

core::header_list clean(const core::header_list& headers) {
    core::header_list out = redact_headers(headers);
    for (auto& [name, value] : out) {
        name = valid_utf8(name);
        value = valid_utf8(value);
    }
    return out;
}

core::transcript_entry clean(const core::transcript_entry& entry) {
    return std::visit(
        [](const auto& e) -> core::transcript_entry {
            auto c = e;
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, core::exchange_record>) {
                c.actor = clean(e.actor);
                c.method = clean(e.method);
                c.target = clean(e.target);
                c.request_headers = clean(e.request_headers);
                c.request_body = clean(e.request_body);
                c.response_headers = clean(e.response_headers);
                c.response_body = clean(e.response_body);
                c.error = clean(e.error);
            } else if constexpr (std::is_same_v<T, core::wait_record>) {
                c.what = clean(e.what);
                c.detail = clean(e.detail);
            } else {
                c.text = clean(e.text);
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

core::case_result sanitized(const core::case_result& r) {
    core::case_result c;
    c.def = r.def;
    c.v = r.v;
    c.duration = r.duration;
    c.error = clean(r.error);
    c.reason = clean(r.reason);
    for (const auto& [name, value] : r.metrics) c.metrics.emplace(valid_utf8(name), value);
    for (const auto& check : r.checks) {
        auto k = check;
        k.what = clean(check.what);
        k.expected = clean(check.expected);
        k.actual = clean(check.actual);
        k.where = clean(check.where);
        c.checks.push_back(std::move(k));
    }
    c.transcript.reserve(r.transcript.size());
    for (const auto& e : r.transcript) c.transcript.push_back(clean(e));
    c.transcript_path = transcript_path(def_of(r).id);
    return c;
}

std::map<core::verdict, int> count_verdicts(const std::vector<core::case_result>& results) {
    std::map<core::verdict, int> counts;
    for (const auto& r : results) ++counts[r.v];
    return counts;
}

core::run_summary sanitized(const core::run_summary& s) {
    core::run_summary c;
    c.info = s.info;
    c.info.target = clean(s.info.target);
    c.info.server_name = clean(s.info.server_name);
    c.duration = s.duration;
    c.partial = s.partial;
    c.setup_error = clean(s.setup_error);
    c.strict = s.strict;
    c.results.reserve(s.results.size());
    for (const auto& r : s.results) c.results.push_back(sanitized(r));
    std::stable_sort(c.results.begin(), c.results.end(),
                     [](const auto& a, const auto& b) { return def_of(a).id < def_of(b).id; });
    c.counts = count_verdicts(c.results);
    return c;
}

}  // namespace mxc::report
