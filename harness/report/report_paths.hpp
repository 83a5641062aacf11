// Where each report lives inside a report dir. One place, so the JSON index, the HTML page and
// the README name the same files (reports/README.md documents them).
#pragma once

#include <string>
#include <string_view>

namespace mxc::report {

inline constexpr std::string_view index_json_file = "index.json";
inline constexpr std::string_view junit_file = "junit.xml";
inline constexpr std::string_view html_file = "index.html";
inline constexpr std::string_view markdown_file = "summary.md";
inline constexpr std::string_view transcripts_dir = "transcripts";

// "transcripts/<id>.json", relative to the report dir. Case ids are dotted names, but an id is
// still user data (a YAML file), so anything that is not [A-Za-z0-9._-] becomes '_' and a
// leading dot is replaced: the path can never leave the transcripts folder.
std::string transcript_path(std::string_view case_id);

}  // namespace mxc::report
