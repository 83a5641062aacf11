// Hashes, MACs and random strings from OpenSSL, for tokens, passwords and the admin API.
#pragma once

#include <string>
#include <string_view>

namespace mxc::matrix {

std::string hex(std::string_view bytes);
std::string sha256(std::string_view data);  // raw 32 bytes
std::string hmac_sha1_hex(std::string_view key, std::string_view message);
// Constant-time comparison of two strings of equal length.
bool equal_secret(std::string_view a, std::string_view b);
// Random string of [A-Za-z0-9] from a cryptographic source.
std::string random_token(std::size_t length);
// Random string of [A-Z], the shape device ids usually take.
std::string random_upper(std::size_t length);
// PBKDF2-HMAC-SHA256 password hash, "pbkdf2$<iterations>$<salt hex>$<hash hex>".
std::string hash_password(std::string_view password, int iterations = 2000);
bool check_password(std::string_view password, std::string_view stored);

}  // namespace mxc::matrix
