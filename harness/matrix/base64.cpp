#include "matrix/base64.hpp"

#include <array>
#include <cstdint>

namespace mxc::matrix {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::int8_t invalid = -1;

// Both alphabets in one table: '+' and '-' are 62, '/' and '_' are 63.
constexpr std::array<std::int8_t, 256> make_decode_table() {
    std::array<std::int8_t, 256> table{};
    for (auto& v : table) v = invalid;
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    table['-'] = 62;
    table['_'] = 63;
    return table;
}

constexpr auto decode_table = make_decode_table();

std::string describe(unsigned char c) {
    static constexpr char digits[] = "0123456789abcdef";
    if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    return std::string("byte 0x") + digits[c >> 4] + digits[c & 15];
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    auto at = [&bytes](std::size_t k) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
    };
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
        out.push_back(alphabet[n >> 18 & 63]);
        out.push_back(alphabet[n >> 12 & 63]);
        out.push_back(alphabet[n >> 6 & 63]);
        out.push_back(alphabet[n & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t n = at(i) << 16;
        out.push_back(alphabet[n >> 18 & 63]);
        out.push_back(alphabet[n >> 12 & 63]);
    } else if (rest == 2) {
        const std::uint32_t n = at(i) << 16 | at(i + 1) << 8;
        out.push_back(alphabet[n >> 18 & 63]);
        out.push_back(alphabet[n >> 12 & 63]);
        out.push_back(alphabet[n >> 6 & 63]);
    }
    return out;
}

std::string base64_decode(std::string_view text) {
    // Padding, if present, must be exactly what RFC 4648 would have written.
    std::size_t data_len = text.size();
    while (data_len > 0 && text[data_len - 1] == '=') --data_len;
    const std::size_t padding = text.size() - data_len;
    if (padding > 0) {
        if (padding > 2 || (4 - data_len % 4) % 4 != padding)
            throw base64_error("base64: wrong '=' padding (" + std::to_string(padding) + " after " +
                               std::to_string(data_len) + " characters)");
    }
    std::string out;
    out.reserve(data_len * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < data_len; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::int8_t v = decode_table[c];
        if (v == invalid)
            throw base64_error("base64: invalid " + describe(c) + " at offset " +
                               std::to_string(i));
        acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>(acc >> bits & 0xff));
        }
    }
    // Checked after the characters, so that a stray one is named rather than miscounted.
    if (data_len % 4 == 1)
        throw base64_error("base64: " + std::to_string(data_len) +
                           " characters cannot encode whole bytes");

    // Leftover low bits are ignored, not rejected: Python's base64 (used by Synapse and
    // signedjson) ignores them too, and rejecting would fail signatures those accept.
    return out;
}

}  // namespace mxc::matrix
