// Accounts the user made on the target beforehand (`--register tokens:FILE`): a YAML list of
// {user_id, access_token, device_id, password}, password optional (without it the account
// cannot log in a second device).
#pragma once

#include <filesystem>
#include <vector>

#include "matrix/accounts.hpp"

namespace mxc::matrix {

// Throws std::runtime_error "file:line:column: ..." (or "file: ...") when the file cannot be
// read or an entry is malformed.
std::vector<account> read_tokens_file(const std::filesystem::path& file);

}  // namespace mxc::matrix
