#include "matrix/ids.hpp"

#include <algorithm>
#include <cctype>

namespace mxc::matrix {

namespace {
bool is_digits(std::string_view s) {
    return !s.empty() && s.size() <= 5 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}
}  // namespace

bool is_valid_server_name(std::string_view s) {
    if (s.empty() || s.size() > 255 + 6) return false;
    std::string_view host = s;
    if (s.front() == '[') {
        const auto close = s.find(']');
        if (close == std::string_view::npos || close < 3) return false;
        auto inside = s.substr(1, close - 1);
        if (!std::all_of(inside.begin(), inside.end(),
                         [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; }))
            return false;
        auto rest = s.substr(close + 1);
        if (rest.empty()) return true;
        return rest.front() == ':' && is_digits(rest.substr(1));
    }
    if (auto colon = s.rfind(':'); colon != std::string_view::npos) {
        if (!is_digits(s.substr(colon + 1))) return false;
        host = s.substr(0, colon);
    }
    if (host.empty() || host.size() > 255) return false;
    return std::all_of(host.begin(), host.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; });
}

std::optional<user_id> parse_user_id(std::string_view s) {
    if (s.size() < 4 || s.size() > 255 || s.front() != '@') return std::nullopt;
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 1) return std::nullopt;
    auto local = s.substr(1, colon - 1);
    auto server = s.substr(colon + 1);
    if (!std::all_of(local.begin(), local.end(),
                     [](unsigned char c) { return c > 0x20 && c < 0x7f; }))
        return std::nullopt;
    if (!is_valid_server_name(server)) return std::nullopt;
    return user_id{std::string(local), std::string(server)};
}

bool is_valid_new_localpart(std::string_view s) {
    if (s.empty() || s.size() > 200) return false;
    return std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '=' || c == '-' ||
               c == '/' || c == '+';
    });
}

}  // namespace mxc::matrix
