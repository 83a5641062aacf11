// Percent-decoding (RFC 3986 §2.1), done by Boost.URL rather than by hand (issue #8).
#pragma once

#include <string>
#include <string_view>

namespace mxc::net {

// "%40bob%3Ahs" -> "@bob:hs". Text with a malformed escape ("%zz", a lone '%') comes back
// unchanged: it names nothing that could be found by decoding it. '+' stays '+'.
std::string percent_decode(std::string_view s);

}  // namespace mxc::net
