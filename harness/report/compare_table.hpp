// What `mxconform compare` shows (issue 11): the cases of several runs as rows, one column per
// run, grouped by suite; rows whose verdict or observation differ between runs come first, and
// suites with such rows before the others. Pure: the HTML and Markdown writers format it.
#pragma once

#include <string>
#include <vector>

#include "report/run_index.hpp"

namespace mxc::report {

struct compare_row {
    std::string id;
    std::vector<const indexed_case*> cells;  // one per run, nullptr when that run lacks the case
    bool differs = false;  // verdict or observation not the same in every run (or missing)
    // The first run's case that has one, for what is the same in all runs (title, question).
    const indexed_case& any() const;
};

struct compare_group {
    std::string suite;
    std::vector<compare_row> rows;
    std::size_t differing = 0;
};

// `runs` must outlive the result.
std::vector<compare_group> compare_groups(const std::vector<run_index>& runs);

// "verdict" or "verdict observation", what a cell says; equal strings mean equal behaviour.
std::string cell_text(const indexed_case* c);

}  // namespace mxc::report
