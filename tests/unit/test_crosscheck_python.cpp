// Cross-checks canonical JSON and signing against an independent implementation, Debian's
// python3-canonicaljson and python3-signedjson (what Synapse uses), because the harness and the
// reference server share this code and a shared bug would otherwise go unnoticed (DESIGN.md).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "matrix/base64.hpp"
#include "matrix/canonical_json.hpp"
#include "matrix/signing.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::matrix {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* python = "/usr/bin/python3";
constexpr const char* seed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
constexpr int skip_exit_code = 3;

// Reads cases [{object, ours_signed, ours_tampered}], writes one answer per case:
// {canonical (base64 of the bytes), signed (by Python), ours_ok, tampered_ok}.
constexpr const char* script = R"PY(
import base64, copy, json, sys
try:
    from canonicaljson import encode_canonical_json
    from signedjson.key import decode_signing_key_base64, get_verify_key
    from signedjson.sign import sign_json, verify_signed_json, SignatureVerifyException
except ImportError as e:
    print("missing Python module: %s" % e, file=sys.stderr)
    sys.exit(3)

key = decode_signing_key_base64("ed25519", "1", sys.argv[3])
verify_key = get_verify_key(key)

def verifies(obj):
    try:
        verify_signed_json(obj, "domain", verify_key)
        return True
    except SignatureVerifyException:
        return False

with open(sys.argv[1], encoding="utf-8") as f:
    cases = json.load(f)
answers = []
for case in cases:
    obj = case["object"]
    answers.append({
        "canonical": base64.b64encode(encode_canonical_json(obj)).decode("ascii"),
        "signed": sign_json(copy.deepcopy(obj), "domain", key),
        "ours_ok": verifies(case["ours_signed"]),
        "tampered_ok": verifies(case["ours_tampered"]),
    })
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(answers, f, ensure_ascii=True)
)PY";

// Fixed-seed values of every shape the canonical form has rules for. Draws use the raw engine
// output (mt19937_64 is fully specified), not distributions, whose results vary by library.
class value_maker {
  public:
    json object(int depth = 0) {
        json out = json::object();
        const auto n = below(depth == 0 ? 8 : 5);
        for (std::uint64_t i = 0; i < n; ++i) out[key()] = value(depth + 1);
        // Top-level unsigned is excluded from signatures; make sure both sides agree on that.
        if (depth == 0 && below(5) == 0) out["unsigned"] = value(1);
        if (depth == 0) out.erase("signatures");
        return out;
    }

  private:
    std::mt19937_64 rng_{20240601};

    std::uint64_t below(std::uint64_t n) { return rng_() % n; }

    json value(int depth) {
        switch (below(depth < 4 ? 7 : 5)) {
            case 0:
                return nullptr;
            case 1:
                return below(2) == 1;
            case 2:
                return integer();
            case 3:
            case 4:
                return text(below(12));
            case 5:
                return object(depth);
            default: {
                json out = json::array();
                for (auto n = below(5); n > 0; --n) out.push_back(value(depth + 1));
                return out;
            }
        }
    }

    json integer() {
        const std::int64_t m = max_canonical_integer;
        switch (below(6)) {
            case 0:
                return m - static_cast<std::int64_t>(below(3));
            case 1:
                return -m + static_cast<std::int64_t>(below(3));
            case 2:
                return static_cast<std::int64_t>(below(21)) - 10;
            case 3:
                return static_cast<std::uint64_t>(below(static_cast<std::uint64_t>(m) + 1));
            default:
                return static_cast<std::int64_t>(below(2 * static_cast<std::uint64_t>(m) + 1)) - m;
        }
    }

    std::string key() { return text(below(7)); }

    std::string text(std::uint64_t length) {
        std::string out;
        for (std::uint64_t i = 0; i < length; ++i) append_utf8(out, code_point());
        return out;
    }

    // A mix weighted towards the characters with special rules: controls, '"', '\', U+007F,
    // U+2028, BMP characters above the surrogates and astral ones (sorting differs from UTF-16).
    char32_t code_point() {
        switch (below(10)) {
            case 0:
                return static_cast<char32_t>(below(0x20));
            case 1: {
                static constexpr char32_t specials[] = {'"',    '\\',   '/',    0x7f,    0x2028,
                                                        0xfeff, 0xfffd, 0xffff, 0x10ffff};
                return specials[below(std::size(specials))];
            }
            case 2:
                return static_cast<char32_t>(0x80 + below(0x780));
            case 3:
                return static_cast<char32_t>(0x800 + below(0xd800 - 0x800));
            case 4:
                return static_cast<char32_t>(0xe000 + below(0x2000));
            case 5:
            case 6:
                return static_cast<char32_t>(0x10000 + below(0x100000));
            default:
                return static_cast<char32_t>(0x20 + below(0x5f));
        }
    }

    static void append_utf8(std::string& out, char32_t c) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xc0 | c >> 6));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xe0 | c >> 12));
            out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        } else {
            out.push_back(static_cast<char>(0xf0 | c >> 18));
            out.push_back(static_cast<char>(0x80 | (c >> 12 & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
        }
    }
};

TEST(crosscheck_python, canonical_json_and_signatures_match_signedjson_byte_for_byte) {
    if (!fs::exists(python)) GTEST_SKIP() << python << " not found; CI installs it";

    // Fixed corner cases first, then the generated ones.
    std::vector<json> objects = {
        json::object(),
        json{{"one", 1}, {"two", "Two"}},
        json{{"\xf0\x9f\x98\x80", 1}, {"\xef\xbd\xa1", 2}, {"\x7f", 3}, {"", 4}},
        json{{"a", std::string("\0\x1f\x7f\"\\/\b\f\n\r\t", 11)}},
        json{{"max", max_canonical_integer}, {"min", -max_canonical_integer}},
        json{{"unsigned", {{"age", 1}}}, {"x", json::array({json::object(), json::array()})}},
    };
    value_maker make;
    while (objects.size() < 200) objects.push_back(make.object());

    const auto key = signing_key::from_seed_base64(seed, "1");
    json cases = json::array();
    std::vector<std::string> ours;
    for (const auto& object : objects) {
        json signed_ = object;
        sign_json(signed_, "domain", key);
        json tampered = signed_;
        tampered["tampered"] = true;
        cases.push_back(
            {{"object", object}, {"ours_signed", signed_}, {"ours_tampered", tampered}});
        ours.push_back(canonical_json(object));
    }

    test::temp_dir dir;
    const auto in = dir.path() / "cases.json", out = dir.path() / "answers.json",
               py = dir.path() / "check.py";
    std::ofstream(in, std::ios::binary) << cases.dump();
    std::ofstream(py, std::ios::binary) << script;
    const auto r = test::run_process(python, {py.string(), in.string(), out.string(), seed}, 60s);
    ASSERT_NE(r.exit_code, -1) << r.output;
    ASSERT_FALSE(r.timed_out) << python << " " << py << " ran past 60 s\n" << r.output;
    if (r.exit_code == skip_exit_code)
        GTEST_SKIP() << r.output << "(Debian: python3-canonicaljson python3-signedjson)";
    ASSERT_EQ(r.exit_code, 0) << python << " " << py << "\n" << r.output;

    const json answers = json::parse(test::read_text(out));
    ASSERT_EQ(answers.size(), objects.size());
    int compared = 0;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const auto& answer = answers[i];
        const auto theirs = base64_decode(answer["canonical"].get<std::string>());
        EXPECT_EQ(ours[i], theirs) << "case " << i << ": " << objects[i].dump();
        EXPECT_EQ(answer["signed"]["signatures"]["domain"]["ed25519:1"],
                  cases[i]["ours_signed"]["signatures"]["domain"]["ed25519:1"])
            << "case " << i;
        EXPECT_TRUE(answer["ours_ok"].get<bool>()) << "signedjson rejects our case " << i;
        EXPECT_FALSE(answer["tampered_ok"].get<bool>()) << "signedjson accepts tampered " << i;
        const auto r = verify_json(answer["signed"], "domain", "ed25519:1", key.public_key());
        EXPECT_TRUE(r) << "case " << i << ": " << r.reason;
        json tampered = answer["signed"];
        tampered["tampered"] = true;
        EXPECT_FALSE(verify_json(tampered, "domain", "ed25519:1", key.public_key()))
            << "case " << i;
        ++compared;
    }
    EXPECT_EQ(compared, 200);
}

}  // namespace
}  // namespace mxc::matrix
