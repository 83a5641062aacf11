// Parsing JSON that a peer sent, bounded. nlohmann::json parses iteratively but copies, dumps
// and destroys recursively, so a hostile body of a million brackets would overflow the stack of
// whoever touches it next; and a parsed value costs 16 to 100 bytes, so a body of tiny values
// ("[{},{},...") would cost 30 times its size. Such text is refused before parsing.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace mxc::matrix {

// Deeper than any Matrix body nests.
constexpr int max_json_depth = 512;
// More values than any Matrix body the harness or the reference server meets holds (a /sync of
// 250 to-device events has a few thousand), and at most about 100 MB once parsed.
constexpr std::size_t max_json_values = 1'000'000;

// What a member name given twice in one object means (RFC 8259 §4 leaves it open).
enum class duplicate_names {
    refuse,     // not JSON we accept: two readers may see two different bodies
    keep_last,  // nlohmann's choice, for readers that only redact
};

struct parsed_json {
    std::optional<nlohmann::json> value;
    std::string problem;       // one line when value is empty: why the text was refused
    bool over_limits = false;  // refused for its depth or size, not for its syntax
};

// Whether text opens more than max_depth arrays/objects at once (strings are skipped).
bool nested_too_deeply(std::string_view text, int max_depth = max_json_depth);

// The parsed value, or why not: not JSON, nested deeper than max_json_depth, more than
// max_json_values values, or (refuse) a member name twice in one object.
parsed_json parse_checked(std::string_view text,
                          duplicate_names duplicates = duplicate_names::refuse);

// parse_checked's value alone.
std::optional<nlohmann::json> parse_bounded(std::string_view text,
                                            duplicate_names duplicates = duplicate_names::refuse);

}  // namespace mxc::matrix
