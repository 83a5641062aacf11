// Base64 as Matrix uses it (spec appendices, "Unpadded Base64"): standard alphabet, no padding
// when encoding; decoding is lenient about padding and alphabet because the spec asks receivers
// to accept padded input "wherever possible" and some clients send the URL-safe variant.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace mxc::matrix {

// Thrown for input that is not base64 in any accepted form; the message says where and why.
class base64_error : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// Standard alphabet (RFC 4648 §4), no '=' padding.
std::string base64_encode(std::string_view bytes);

// Accepts the standard or URL-safe alphabet (RFC 4648 §4 and §5), with or without correct '='
// padding. Rejects whitespace, other characters, misplaced or excess padding, and a length that
// leaves a single dangling character.
std::string base64_decode(std::string_view text);

}  // namespace mxc::matrix
