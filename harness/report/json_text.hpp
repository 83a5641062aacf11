// JSON building blocks shared by the JSON and HTML reporters. ordered_json keeps members in the
// order documented in reports/README.md; dump() is the one way report JSON is serialised.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"

namespace mxc::report {

using ojson = nlohmann::ordered_json;

// Two-space indent, a final newline; invalid UTF-8 (there should be none after sanitizing)
// becomes U+FFFD instead of throwing.
std::string dump(const ojson& j);

ojson to_json(const core::header_list& headers);  // [[name, value], ...]: order and repeats kept
ojson to_json(const core::transcript_entry& entry);
// A transcript file: {"id", "verdict", "entries": [...]}.
ojson transcript_json(const core::case_result& sanitized_result);

}  // namespace mxc::report
