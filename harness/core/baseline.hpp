// Baselines (issue #10): a committed file of each case's verdict, so that CI fails only on what
// got worse. Two formats: our JSON Lines, `{"id": ..., "verdict": ...}` per case, and the
// `{"Action": "pass|fail|skip", "Test": ...}` lines that Complement-based CI jobs already keep
// (Tuwunel's tests/complement/results.jsonl, conduwuit's test_results.jsonl), compared at that
// coarser granularity. Both are sorted by id, so a diff of two baselines is a diff of verdicts.
// Our lines also carry an observed case's observation (issue 11), so a diff shows a server whose
// behaviour moved where the spec is silent.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/verdict.hpp"

namespace mxc::core {

struct case_result;

enum class baseline_format { jsonl, complement };

std::string_view to_string(baseline_format f);
std::optional<baseline_format> parse_baseline_format(std::string_view s);

// Complement's word for a verdict: pass; fail for the verdicts that are a failure whatever the
// flags (fail, error, non-strict, unexpected-pass); skip for the ones that judge nothing.
std::string_view complement_action(verdict v);

// One id's line of a baseline file.
struct baseline_entry {
    std::string word;         // a verdict (jsonl) or pass|fail|skip (complement)
    int line = 0;             // 1-based, for messages naming the file
    std::string observation;  // jsonl only; empty when the line has none
};

struct baseline {
    std::filesystem::path file;
    baseline_format format = baseline_format::jsonl;
    std::map<std::string, baseline_entry> entries;  // by case id
};

// Reads a baseline. Blank lines are allowed; members other than the two named are ignored, so
// a file written by a later mxconform (which may add members) still reads. Throws
// std::runtime_error "FILE:LINE: ..." for a malformed line or a repeated id, and "FILE: ..." when
// the file cannot be read.
baseline read_baseline(const std::filesystem::path& file, baseline_format format);

// The file's text: one line per result (skipped cases too), sorted by id; a jsonl line has an
// "observation" member when the case made one.
std::string baseline_text(const std::vector<case_result>& results, baseline_format format);

// Writes baseline_text atomically (util/atomic_file); throws util::write_error.
void write_baseline(const std::filesystem::path& file, const std::vector<case_result>& results,
                    baseline_format format);

// One case's verdict then and now. `was` is empty for a case the baseline does not have, `now`
// for one this run did not run.
struct verdict_change {
    std::string id;
    std::string was;
    std::string now;
    bool operator==(const verdict_change&) const = default;
};

// A run against a baseline, every id in exactly one verdict list (or counted as unchanged).
//
// Verdicts are ordered pass < non-strict < fail = error = unexpected-pass (complement: pass <
// fail). observed, unsupported, skipped and expected-fail (complement: skip) judge nothing, so
// they are outside the order: a move to or from one of them is `changed`, neither better nor
// worse. Any move up the order is a regression (pass -> non-strict too, with or without
// --strict); a new case is a regression when its verdict fails the run.
struct baseline_comparison {
    std::string file;
    baseline_format format = baseline_format::jsonl;
    std::vector<verdict_change> regressions;   // worse, or new and failing (was == "")
    std::vector<verdict_change> improvements;  // better
    std::vector<verdict_change> changed;       // different, but neither better nor worse
    std::vector<verdict_change> added;         // new cases that do not fail the run
    std::vector<verdict_change> gone;          // in the baseline, not run (now == "")
    std::size_t unchanged = 0;
    // Cases run and in the baseline whose observation differs (was/now are observations), be
    // the verdict the same or not. Listed for people, never a regression: an observation
    // records behaviour the spec does not judge (issue 11).
    std::vector<verdict_change> observations;

    bool regressed() const { return !regressions.empty(); }
};

// `results` in any order; the lists come out sorted by id.
baseline_comparison compare(const baseline& b, const std::vector<case_result>& results,
                            bool strict);

}  // namespace mxc::core
