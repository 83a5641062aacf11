#include "matrix/registration.hpp"

#include <stdexcept>

namespace mxc::matrix {

namespace {
constexpr std::string_view shared_secret_prefix = "shared-secret:";
constexpr std::string_view tokens_prefix = "tokens:";
}  // namespace

registration registration::parse(std::string_view text) {
    registration r;
    if (text == "open") {
        r.how = method::open;
    } else if (text.starts_with(shared_secret_prefix) &&
               text.size() > shared_secret_prefix.size()) {
        r.how = method::shared_secret;
        r.shared_secret = std::string(text.substr(shared_secret_prefix.size()));
    } else if (text.starts_with(tokens_prefix) && text.size() > tokens_prefix.size()) {
        r.how = method::tokens;
        r.tokens_file = std::string(text.substr(tokens_prefix.size()));
    } else {
        throw std::invalid_argument(
            "expected shared-secret:SECRET, open or tokens:FILE, not '" +
            std::string(text.starts_with(shared_secret_prefix) ? shared_secret_prefix : text) +
            "'");
    }
    return r;
}

std::string registration::describe() const {
    switch (how) {
        case method::shared_secret:
            return std::string(shared_secret_prefix) + "<redacted>";
        case method::open:
            return "open";
        case method::tokens:
            return std::string(tokens_prefix) + tokens_file.string();
    }
    return {};
}

}  // namespace mxc::matrix
