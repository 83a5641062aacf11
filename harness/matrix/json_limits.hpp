// Parsing JSON that a peer sent, bounded. nlohmann::json parses iteratively but copies, dumps
// and destroys recursively, so a hostile body of a million brackets would overflow the stack of
// whoever touches it next: such text is refused before parsing.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace mxc::matrix {

// Deeper than any Matrix body nests.
constexpr int max_json_depth = 512;

// Whether text opens more than max_depth arrays/objects at once (strings are skipped).
bool nested_too_deeply(std::string_view text, int max_depth = max_json_depth);

// The parsed value, or nothing when text is not JSON or nests too deeply.
std::optional<nlohmann::json> parse_bounded(std::string_view text);

}  // namespace mxc::matrix
