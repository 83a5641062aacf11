#include "spec/json_pointer.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "spec/spec_error.hpp"

namespace mxc::spec {

std::string escape_pointer_token(std::string_view token) {
    return (nlohmann::json::json_pointer() / std::string(token)).to_string().substr(1);
}

std::vector<std::string> split_pointer(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty()) return tokens;
    if (pointer.front() != '/')
        throw spec_error(fmt::format("'{}' is not a JSON pointer (must start with '/')", pointer));
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            tokens.push_back(std::move(token));
            token.clear();
        } else if (pointer[i] == '~') {
            const char next = i + 1 < pointer.size() ? pointer[i + 1] : '\0';
            if (next != '0' && next != '1')
                throw spec_error(fmt::format("'{}' has a '~' that is not ~0 or ~1", pointer));
            token += next == '0' ? '~' : '/';
            ++i;
        } else {
            token += pointer[i];
        }
    }
    return tokens;
}

}  // namespace mxc::spec
