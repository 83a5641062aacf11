// Unpadded base64 (spec appendices, "Unpadded Base64"): the spec's examples, and what decoding
// accepts and refuses.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "matrix/base64.hpp"

namespace mxc::matrix {
namespace {

const std::vector<std::pair<std::string, std::string>> spec_examples = {
    {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
    {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
};

TEST(base64, encodes_the_spec_examples_without_padding) {
    for (const auto& [plain, encoded] : spec_examples)
        EXPECT_EQ(base64_encode(plain), encoded) << plain;
}

TEST(base64, decodes_the_spec_examples_unpadded_and_padded) {
    for (const auto& [plain, encoded] : spec_examples) {
        EXPECT_EQ(base64_decode(encoded), plain) << encoded;
        std::string padded = encoded;
        while (padded.size() % 4) padded.push_back('=');
        EXPECT_EQ(base64_decode(padded), plain) << padded;
    }
}

TEST(base64, uses_the_standard_alphabet_and_decodes_the_url_safe_one_too) {
    const std::string bytes("\xfb\xff\xbf", 3);
    EXPECT_EQ(base64_encode(bytes), "+/+/");
    EXPECT_EQ(base64_decode("+/+/"), bytes);
    EXPECT_EQ(base64_decode("-_-_"), bytes);
}

TEST(base64, round_trips_every_byte_value_at_every_length_remainder) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    for (std::size_t len = 0; len <= bytes.size(); ++len) {
        const auto slice = bytes.substr(bytes.size() - len);
        const auto encoded = base64_encode(slice);
        EXPECT_EQ(encoded.find('='), std::string::npos);
        EXPECT_EQ(base64_decode(encoded), slice) << len;
    }
}

TEST(base64, ignores_nonzero_leftover_bits_as_python_does) {
    // "Zh" carries 'f' and four leftover bits 0001; Python's b64decode ignores them, and a
    // signature Synapse accepts must not be refused here.
    EXPECT_EQ(base64_decode("Zh"), "f");
}

TEST(base64, rejects_garbage_with_a_reason) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"Z", "cannot encode whole bytes"},
        {"Zm9vY", "cannot encode whole bytes"},
        {"Zg=", "padding"},
        {"Zg===", "padding"},
        {"Zm9v=", "padding"},
        {"Zm9v====", "padding"},
        {"=", "padding"},
        {"Zg==Zg", "invalid '='"},
        {"Zm 9v", "invalid byte 0x20 at offset 2"},
        {"Zm9v\n", "invalid byte 0x0a at offset 4"},
        {"Zm9*", "invalid '*' at offset 3"},
        {"Zm9\xc3\xa9", "invalid byte 0xc3"},
    };
    for (const auto& [text, why] : bad) {
        try {
            base64_decode(text);
            ADD_FAILURE() << "accepted " << text;
        } catch (const base64_error& e) {
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos)
                << text << " -> " << e.what();
        }
    }
}

}  // namespace
}  // namespace mxc::matrix
