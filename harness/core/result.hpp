// What one case established (checks, metrics, transcript) and the verdict made from it; and
// the summary of a whole run. Reporters read these and nothing else.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/baseline.hpp"
#include "core/case_def.hpp"
#include "core/transcript.hpp"
#include "core/verdict.hpp"

namespace mxc::core {

struct check_record {
    bool ok = false;
    std::string what;      // the requirement this check stands for, one line
    std::string expected;  // "Expected:" text, written before the evidence came in
    std::string actual;    // "Actual:" text
    std::string where;     // a JSON pointer, a step's file:line, or empty
    bool schema_finding = false;
};

struct case_result {
    const case_def* def = nullptr;
    verdict v = verdict::error;
    std::chrono::milliseconds duration{0};
    std::vector<check_record> checks;       // every check made, passed ones included
    std::string error;                      // harness trouble, when v is error
    std::string reason;                     // why skipped / expected to fail / unsupported
    std::map<std::string, double> metrics;  // e.g. wake_latency_ms
    // What an observed case saw the server do: one normalised line of `key=value` pairs, equal
    // across runs and servers when the behaviour is the same (issue 11). Empty for judged cases.
    std::string observation;
    std::vector<transcript_entry> transcript;
    std::string transcript_path;  // relative to the report dir, set by the writer

    // The first failed check's texts (or the error), for one-line summaries.
    std::string expected() const;
    std::string actual() const;
};

// One thing the layer that set up the target learned about it (server name, versions, ...).
// core/ and the reporters know no protocol: they show facts in the order given and read none
// (DESIGN.md, "Run facts ... reach the reporters as generic ordered key/value facts").
struct run_fact {
    std::string key;    // stable, for tools: a JSON member and JUnit property name
    std::string label;  // for people: a row of the HTML and Markdown run tables
    std::string value;  // one line; an empty value is left out of the tables
    // Also printed when the run starts, before any verdict: the fact changes what the verdicts
    // mean (deliberately broken reference server).
    bool announce = false;
};

struct run_info {
    std::string run_id;
    std::string target;       // what the run talks to, as a URL
    std::string target_kind;  // e.g. "embedded reference server" or "live server"
    std::string harness_version;
    std::string started_utc;  // ISO 8601
    std::vector<run_fact> facts;
    std::size_t planned = 0;
};

struct run_summary {
    run_info info;
    std::vector<case_result> results;  // sorted by case id
    std::map<verdict, int> counts;
    std::chrono::milliseconds duration{0};
    bool partial = false;     // interrupted or stopped by a setup error
    std::string setup_error;  // non-empty when the run could not start properly
    bool strict = false;
    // With --baseline: this run against it; the exit code then follows its regressions only.
    std::optional<baseline_comparison> baseline;
    // 0 ok, 1 a failing verdict (with a baseline: a regression), 2 a setup error (DESIGN.md)
    int exit_code() const;
};

// Reporters are listeners; the runner never prints (STYLE.md, from Catch2).
class listener {
  public:
    virtual ~listener() = default;
    virtual void run_started(const run_info&) {}
    virtual void case_started(const case_def&) {}
    virtual void case_finished(const case_result&, std::size_t /*done*/, std::size_t /*total*/) {}
    virtual void run_finished(const run_summary&) {}
};

}  // namespace mxc::core
