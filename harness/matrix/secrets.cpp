#include "matrix/secrets.hpp"

#include <algorithm>

namespace mxc::matrix {

bool is_secret_key(std::string_view key) {
    return std::find(secret_keys.begin(), secret_keys.end(), key) != secret_keys.end();
}

util::redaction_policy redaction_policy() {
    util::redaction_policy p;
    p.json_keys.assign(secret_keys.begin(), secret_keys.end());
    p.query_params = {std::string(access_token_param)};
    p.token_prefixes = {"Bearer "};
    p.secret_headers = {"authorization", "proxy-authorization", "cookie", "set-cookie"};
    p.kept_header_values = {"X-Matrix "};
    return p;
}

}  // namespace mxc::matrix
