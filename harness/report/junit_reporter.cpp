#include "report/junit_reporter.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "report/case_text.hpp"
#include "report/report_paths.hpp"
#include "report/sanitize.hpp"
#include "report/text_escape.hpp"
#include "util/atomic_file.hpp"

namespace mxc::report {
namespace {

enum class outcome { pass, failure, error, skipped };

outcome outcome_of(core::verdict v, bool strict) {
    switch (v) {
        case core::verdict::fail:
        case core::verdict::unexpected_pass:
            return outcome::failure;
        case core::verdict::non_strict:
            return strict ? outcome::failure : outcome::pass;
        case core::verdict::error:
            return outcome::error;
        case core::verdict::skipped:
        case core::verdict::unsupported:
        case core::verdict::expected_fail:
            return outcome::skipped;
        default:
            return outcome::pass;
    }
}

struct tally {
    int tests = 0, failures = 0, errors = 0, skipped = 0;
    std::chrono::milliseconds time{0};
    void add(outcome o, std::chrono::milliseconds d) {
        ++tests;
        failures += o == outcome::failure;
        errors += o == outcome::error;
        skipped += o == outcome::skipped;
        time += d;
    }
    std::string attrs(std::chrono::milliseconds t) const {
        return fmt::format(R"(tests="{}" failures="{}" errors="{}" skipped="{}" time="{:.3f}")",
                           tests, failures, errors, skipped,
                           static_cast<double>(t.count()) / 1000.0);
    }
};

std::string classname(const core::case_result& r) {
    const auto& d = def_of(r);
    if (!d.suite.empty()) return d.suite;
    auto dot = d.id.rfind('.');
    return dot == std::string::npos ? "mxconform" : d.id.substr(0, dot);
}

// The first failed check, or the error, in one line: what a CI summary shows.
std::string message(const core::case_result& r) {
    switch (r.v) {
        case core::verdict::unexpected_pass:
            return "passed, but listed as expected to fail: " + r.reason;
        case core::verdict::error:
            return r.error.empty() ? std::string("harness error") : r.error;
        case core::verdict::skipped:
        case core::verdict::unsupported:
        case core::verdict::expected_fail:
            return fmt::format("{}{}{}", core::to_string(r.v), r.reason.empty() ? "" : ": ",
                               r.reason);
        default:
            return fmt::format("Expected: {} / Actual: {}", expected_text(r), actual_text(r));
    }
}

std::string property(std::string_view name, std::string_view value,
                     std::string_view indent = "        ") {
    return fmt::format("{}<property name=\"{}\" value=\"{}\"/>\n", indent, escape_attr(name),
                       escape_attr(value));
}

std::string testcase(const core::case_result& r, bool strict) {
    const auto& d = def_of(r);
    std::string out = fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\">\n",
                                  escape_attr(classname(r)), escape_attr(d.id),
                                  static_cast<double>(r.duration.count()) / 1000.0);
    out += "      <properties>\n";
    out += property("verdict", core::to_string(r.v));
    out += property("level", core::to_string(d.lvl));
    out += property("transcript", r.transcript_path);
    if (!d.question.empty()) out += property("question", d.question);
    if (!r.observation.empty()) out += property("observation", r.observation);
    out += "      </properties>\n";
    auto o = outcome_of(r.v, strict);
    std::string details = details_text(r, "");
    if (o == outcome::failure || o == outcome::error) {
        auto tag = o == outcome::failure ? "failure" : "error";
        out += fmt::format("      <{} message=\"{}\" type=\"{}\">{}</{}>\n", tag,
                           escape_attr(cut(message(r), 500)), core::to_string(r.v),
                           escape_markup(details), tag);
    } else if (o == outcome::skipped) {
        out += fmt::format("      <skipped message=\"{}\"/>\n", escape_attr(cut(message(r), 500)));
    } else if (r.v != core::verdict::pass && !details.empty()) {
        out += fmt::format("      <system-out>{}</system-out>\n",
                           escape_markup(details));  // observed, non-strict
    }
    out += "    </testcase>\n";
    return out;
}

std::string run_properties(const core::run_summary& s) {
    const auto& i = s.info;
    constexpr std::string_view in = "      ";
    std::string out = "    <properties>\n";
    out += property("target", i.target, in);
    out += property("target_kind", i.target_kind, in);
    for (const auto& f : i.facts) out += property(f.key, f.value, in);
    out += property("run_id", i.run_id, in);
    out += property("harness_version", i.harness_version, in);
    out += property("partial", s.partial ? "true" : "false", in);
    out += "    </properties>\n";
    return out;
}

}  // namespace

junit_reporter::junit_reporter(std::filesystem::path dir, bool strict,
                               util::redaction_policy policy)
    : dir_(std::move(dir)), strict_(strict), policy_(std::move(policy)) {}

std::string junit_reporter::junit_xml(const core::run_summary& s, bool strict) {
    std::map<std::string, std::vector<const core::case_result*>> suites;
    for (const auto& r : s.results) suites[classname(r)].push_back(&r);

    tally total;
    std::string body;
    auto open_suite = [&](const std::string& name, const tally& t) {
        return fmt::format("  <testsuite name=\"{}\" {} timestamp=\"{}\">\n", escape_attr(name),
                           t.attrs(t.time), escape_attr(s.info.started_utc)) +
               run_properties(s);
    };
    if (!s.setup_error.empty()) {
        tally t;
        t.add(outcome::error, std::chrono::milliseconds{0});
        total.add(outcome::error, std::chrono::milliseconds{0});
        body += open_suite("mxconform.setup", t);
        body += fmt::format(
            "    <testcase classname=\"mxconform.setup\" name=\"setup\" time=\"0.000\">\n"
            "      <error message=\"{}\" type=\"setup\">{}</error>\n"
            "    </testcase>\n"
            "  </testsuite>\n",
            escape_attr(cut(s.setup_error, 500)), escape_markup(s.setup_error));
    }
    for (const auto& [name, cases] : suites) {
        tally t;
        std::string inner;
        for (const auto* r : cases) {
            auto o = outcome_of(r->v, strict);
            t.add(o, r->duration);
            total.add(o, r->duration);
            inner += testcase(*r, strict);
        }
        body += open_suite(name, t) + inner + "  </testsuite>\n";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
           fmt::format("<testsuites name=\"mxconform\" {}>\n", total.attrs(s.duration)) + body +
           "</testsuites>\n";
}

void junit_reporter::run_finished(const core::run_summary& raw) {
    auto s = sanitized(raw, policy_);
    util::write_file_atomic(dir_ / junit_file, junit_xml(s, strict_ || s.strict));
}

}  // namespace mxc::report
