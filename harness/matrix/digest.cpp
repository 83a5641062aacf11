#include "matrix/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace mxc::matrix {

std::string hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr))
        throw std::runtime_error("SHA-256 failed");
    return std::string(reinterpret_cast<char*>(md), len);
}

std::string hmac_sha1_hex(std::string_view key, std::string_view message) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), md, &len))
        throw std::runtime_error("HMAC-SHA1 failed");
    return hex(std::string_view(reinterpret_cast<char*>(md), len));
}

bool equal_secret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {
std::string random_from(std::string_view alphabet, std::size_t length) {
    std::vector<unsigned char> bytes(length);
    if (length && RAND_bytes(bytes.data(), static_cast<int>(length)) != 1)
        throw std::runtime_error("no random bytes from OpenSSL");
    std::string out;
    out.reserve(length);
    // 256 is not a multiple of the alphabet size; the bias is irrelevant for test identifiers.
    for (auto b : bytes) out.push_back(alphabet[b % alphabet.size()]);
    return out;
}
}  // namespace

std::string random_token(std::size_t length) {
    return random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
}

std::string random_upper(std::size_t length) {
    return random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ", length);
}

namespace {
std::string pbkdf2(std::string_view password, std::string_view salt, int iterations) {
    unsigned char out[32];
    if (!PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                           reinterpret_cast<const unsigned char*>(salt.data()),
                           static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out,
                           out))
        throw std::runtime_error("PBKDF2 failed");
    return std::string(reinterpret_cast<char*>(out), sizeof out);
}
}  // namespace

std::string hash_password(std::string_view password, int iterations) {
    const std::string salt = random_token(16);
    return "pbkdf2$" + std::to_string(iterations) + "$" + salt + "$" +
           hex(pbkdf2(password, salt, iterations));
}

bool check_password(std::string_view password, std::string_view stored) {
    // pbkdf2$<iterations>$<salt>$<hex>
    auto next = [&stored](std::string_view& field) {
        const auto at = stored.find('$');
        field = stored.substr(0, at);
        stored = at == std::string_view::npos ? std::string_view{} : stored.substr(at + 1);
    };
    std::string_view scheme, iterations, salt, expected;
    next(scheme), next(iterations), next(salt), next(expected);
    if (scheme != "pbkdf2" || iterations.empty()) return false;
    int n = 0;
    for (char c : iterations) {
        if (c < '0' || c > '9' || n > 10'000'000) return false;
        n = n * 10 + (c - '0');
    }
    return equal_secret(hex(pbkdf2(password, salt, n)), expected);
}

}  // namespace mxc::matrix
