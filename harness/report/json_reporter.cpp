#include "report/json_reporter.hpp"

#include "report/baseline_report.hpp"
#include "report/case_text.hpp"
#include "report/report_paths.hpp"
#include "report/sanitize.hpp"
#include "util/atomic_file.hpp"

namespace mxc::report {
namespace {

ojson run_json(const core::run_summary& s) {
    const auto& i = s.info;
    ojson facts = ojson::object();
    for (const auto& f : i.facts) facts[f.key] = f.value;
    return ojson{{"target", i.target},
                 {"target_kind", i.target_kind},
                 {"facts", std::move(facts)},
                 {"started", i.started_utc},
                 {"duration_ms", s.duration.count()},
                 {"harness_version", i.harness_version},
                 {"run_id", i.run_id},
                 {"planned", i.planned},
                 {"strict", s.strict},
                 {"partial", s.partial},
                 {"setup_error", s.setup_error},
                 {"exit_code", s.exit_code()}};
}

ojson case_json(const core::case_result& r) {
    const auto& d = def_of(r);
    ojson ports = ojson::array();
    for (const auto& p : d.ports) ports.push_back({{"suite", p.suite}, {"name", p.name}});
    ojson metrics = ojson::object();
    for (const auto& [name, value] : r.metrics) metrics[name] = value;
    ojson checks = ojson::array();
    for (const auto& c : r.checks) {
        if (c.ok) continue;
        checks.push_back({{"what", c.what},
                          {"expected", c.expected},
                          {"actual", c.actual},
                          {"where", c.where},
                          {"schema_finding", c.schema_finding}});
    }
    return ojson{
        {"id", d.id},
        {"verdict", core::to_string(r.v)},
        {"level", core::to_string(d.lvl)},
        {"duration_ms", r.duration.count()},
        {"title", d.title},
        {"suite", d.suite},
        {"spec", {{"doc", d.spec.doc}, {"section", d.spec.section}, {"anchor", d.spec.anchor}}},
        {"requirement", d.requirement},
        {"question", d.question},
        {"ports", std::move(ports)},
        {"source", d.where.file.empty() ? std::string() : d.where.str()},
        {"expected", expected_text(r)},
        {"actual", actual_text(r)},
        {"observation", r.observation},
        {"error", r.error},
        {"reason", r.reason},
        {"metrics", std::move(metrics)},
        {"checks_made", r.checks.size()},
        {"checks", std::move(checks)},
        {"transcript", r.transcript_path}};
}

}  // namespace

json_reporter::json_reporter(std::filesystem::path dir, util::redaction_policy policy)
    : dir_(std::move(dir)), policy_(std::move(policy)) {}

ojson json_reporter::index_json(const core::run_summary& s) {
    ojson summary = ojson::object();
    for (auto v : core::all_verdicts)
        if (auto it = s.counts.find(v); it != s.counts.end() && it->second > 0)
            summary[std::string(core::to_string(v))] = it->second;
    ojson cases = ojson::array();
    for (const auto& r : s.results) cases.push_back(case_json(r));
    ojson index{{"run", run_json(s)}, {"summary", std::move(summary)}};
    if (s.baseline) index["baseline"] = baseline_json(*s.baseline);
    index["cases"] = std::move(cases);
    return index;
}

void json_reporter::run_finished(const core::run_summary& raw) {
    auto s = sanitized(raw, policy_);
    for (const auto& r : s.results)
        util::write_file_atomic(dir_ / r.transcript_path, dump(transcript_json(r)));
    util::write_file_atomic(dir_ / index_json_file, dump(index_json(s)));
}

}  // namespace mxc::report
