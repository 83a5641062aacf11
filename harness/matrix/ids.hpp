// Matrix identifiers (spec appendices, "Identifier Grammar"): parsing only what this module needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mxc::matrix {

struct user_id {
    std::string localpart;
    std::string server_name;  // host[:port]
    std::string full() const { return "@" + localpart + ":" + server_name; }
};

// "@local:server" with a non-empty localpart and a valid server name; historical localparts
// (any printable ASCII but ':') are accepted, as servers must for existing users.
std::optional<user_id> parse_user_id(std::string_view s);

// server_name = hostname [":" port]; hostname an IPv4 literal, a bracketed IPv6 literal or a
// DNS name of [0-9A-Za-z.-]{1,255}.
bool is_valid_server_name(std::string_view s);

// Localparts a server hands out to new users: [a-z0-9._=/+-].
bool is_valid_new_localpart(std::string_view s);

}  // namespace mxc::matrix
