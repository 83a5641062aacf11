// Canonical JSON (spec appendices, "Signing JSON" / "Canonical JSON"): the byte string that
// signatures cover. Written by hand rather than with nlohmann's dump(), whose key order, escapes
// and number formatting are not promised to match the spec's grammar.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace mxc::matrix {

// A value the canonical form cannot represent. pointer() is the RFC 6901 JSON pointer of the
// offending value ("" for the root), and what() names it too.
class canonical_json_error : public std::invalid_argument {
  public:
    canonical_json_error(const std::string& problem, std::string pointer);
    const std::string& pointer() const { return pointer_; }

  private:
    std::string pointer_;
};

// The largest magnitude the spec allows: integers in [-(2**53)+1, (2**53)-1].
inline constexpr std::int64_t max_canonical_integer = (std::int64_t{1} << 53) - 1;

// Object keys sorted by code point (the byte order of their UTF-8), no insignificant
// whitespace, minimal escapes, raw UTF-8 for everything else. Throws canonical_json_error for
// floats (even integral ones such as 1.0), integers out of range, binary values, and strings or
// keys that are not valid UTF-8.
std::string canonical_json(const nlohmann::json& value);

// The bytes a signature covers (appendices, "Signing Details"): the canonical form of an object
// with its top-level "signatures" and "unsigned" members left out. Saves copying the object.
// Throws std::invalid_argument if value is not an object, and canonical_json_error as above.
std::string canonical_json_for_signing(const nlohmann::json& object);

}  // namespace mxc::matrix
