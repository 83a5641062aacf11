// One run's index.json as `mxconform compare` reads it back (issue 11): the run's name facts
// and, per case, what compare, the gap report and their reproductions need. The format is
// json_reporter's (reports/README.md); members a later mxconform adds are ignored.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mxc::report {

struct indexed_case {
    std::string id;
    std::string suite;
    std::string verdict;  // the word, as written
    std::string level;
    std::string title;
    std::string question;
    std::string observation;
    std::string actual;  // a judged case's first failed check, for a hover text
    std::string spec_doc;
    std::string spec_section;
    std::string transcript;  // relative to the index's folder; "" when none
};

struct run_index {
    std::filesystem::path file;
    std::string column;  // the server's name in compare's tables (name_columns)
    std::string target;
    std::string target_kind;
    std::string run_id;
    std::string started;
    std::vector<std::pair<std::string, std::string>> facts;  // in file order
    std::map<std::string, indexed_case> cases;               // by id
};

// Throws std::runtime_error "FILE: ..." naming the member at fault (`cases[3].verdict`) when
// the file cannot be read, is not JSON, or is not an index.json.
run_index read_run_index(const std::filesystem::path& file);

// Sets each run's column: the `implementation` fact when the run has one, else the kind of
// target and its host; equal names get the run id, then a number, so no two columns match.
void name_columns(std::vector<run_index>& runs);

}  // namespace mxc::report
