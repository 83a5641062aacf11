// Ed25519 keys and signed JSON (spec appendices, "Signing JSON", "Cryptographic Test Vectors"),
// and the self-signed server keys response (server-server API, "Retrieving server keys").
#include <gtest/gtest.h>

#include <string>

#include "matrix/base64.hpp"
#include "matrix/canonical_json.hpp"
#include "matrix/signing.hpp"

namespace mxc::matrix {
namespace {

using nlohmann::json;

// The appendix's test key: this seed, entity "domain", key id "ed25519:1".
constexpr const char* spec_seed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
constexpr const char* sig_of_empty =
    "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ";
constexpr const char* sig_of_one_two =
    "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw";

signing_key spec_key() {
    return signing_key::from_seed_base64(spec_seed, "1");
}

TEST(signing, reproduces_the_spec_vector_for_an_empty_object) {
    json object = json::object();
    sign_json(object, "domain", spec_key());
    EXPECT_EQ(object, json({{"signatures", {{"domain", {{"ed25519:1", sig_of_empty}}}}}}));
}

TEST(signing, reproduces_the_spec_vector_for_one_two) {
    json object = {{"one", 1}, {"two", "Two"}};
    sign_json(object, "domain", spec_key());
    EXPECT_EQ(object["signatures"]["domain"]["ed25519:1"], sig_of_one_two);
    EXPECT_EQ(object["one"], 1);
    EXPECT_EQ(object["two"], "Two");
    EXPECT_TRUE(verify_json(object, "domain", "ed25519:1", spec_key().public_key()));
}

TEST(signing, keeps_unsigned_and_other_signatures_outside_what_it_signs) {
    json object = {{"one", 1},
                   {"two", "Two"},
                   {"unsigned", {{"age_ts", 922834800000}}},
                   {"signatures", {{"other.example", {{"ed25519:x", "abc"}}}}}};
    sign_json(object, "domain", spec_key());
    // Same signature as without them: neither is covered.
    EXPECT_EQ(object["signatures"]["domain"]["ed25519:1"], sig_of_one_two);
    EXPECT_EQ(object["signatures"]["other.example"]["ed25519:x"], "abc");
    EXPECT_EQ(object["unsigned"]["age_ts"], 922834800000);
    // Intermediaries may change unsigned without breaking the signature.
    object["unsigned"]["age_ts"] = 1;
    EXPECT_TRUE(verify_json(object, "domain", "ed25519:1", spec_key().public_key()));
}

TEST(signing, refuses_to_sign_what_cannot_be_signed_and_leaves_it_untouched) {
    json array = json::array();
    EXPECT_THROW(sign_json(array, "domain", spec_key()), std::invalid_argument);
    json bad_sigs = {{"signatures", 1}};
    EXPECT_THROW(sign_json(bad_sigs, "domain", spec_key()), std::invalid_argument);
    json with_float = {{"a", 1.5}};
    EXPECT_THROW(sign_json(with_float, "domain", spec_key()), canonical_json_error);
    EXPECT_EQ(with_float, json({{"a", 1.5}}));
}

TEST(signing, key_ids_follow_the_version_grammar) {
    EXPECT_EQ(signing_key::generate("abc_1").key_id(), "ed25519:abc_1");
    for (const char* bad : {"", "a-b", "a:b", "a b", "é"})
        EXPECT_THROW(signing_key::generate(bad), std::invalid_argument) << bad;
    EXPECT_TRUE(is_ed25519_key_id("ed25519:A_z9"));
    EXPECT_FALSE(is_ed25519_key_id("ed25519:"));
    EXPECT_FALSE(is_ed25519_key_id("curve25519:a"));
    EXPECT_FALSE(is_ed25519_key_id("ed25519:a/b"));
}

TEST(signing, seeds_round_trip_and_bad_seeds_are_refused) {
    const auto key = spec_key();
    // The spec's seed ends in '1', whose two low bits are leftovers: decoding must ignore them
    // (as Python does), and re-encoding gives the canonical '0'.
    EXPECT_EQ(base64_encode(key.seed()), "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA0");
    EXPECT_EQ(signing_key::from_seed_base64(base64_encode(key.seed()), "1").public_key(),
              key.public_key());
    EXPECT_EQ(signing_key::from_seed(key.seed(), "2").public_key(), key.public_key());
    EXPECT_EQ(key.public_key().size(), 32u);
    EXPECT_EQ(key.public_key_base64(), base64_encode(key.public_key()));
    EXPECT_THROW(signing_key::from_seed(std::string(31, 'x'), "1"), std::invalid_argument);
    EXPECT_THROW(signing_key::from_seed_base64("not base64!", "1"), base64_error);
}

TEST(signing, generated_keys_differ_and_copies_share_the_key) {
    const auto a = signing_key::generate("a");
    const auto b = signing_key::generate("b");
    EXPECT_NE(a.public_key(), b.public_key());
    signing_key c = a;
    c = b;
    c = c;  // self-assignment must keep the key alive
    signing_key d = std::move(c);
    EXPECT_EQ(d.public_key(), b.public_key());
    EXPECT_EQ(d.version(), "b");
    const auto sig = a.sign("message");
    EXPECT_TRUE(ed25519_verify(a.public_key(), "message", sig));
    EXPECT_FALSE(ed25519_verify(b.public_key(), "message", sig));
    EXPECT_FALSE(ed25519_verify(a.public_key(), "messagE", sig));
    EXPECT_FALSE(ed25519_verify(a.public_key(), "message", sig.substr(1)));
    EXPECT_TRUE(ed25519_verify(a.public_key(), "", a.sign("")));
}

// Each way a signed object can be wrong, each with its reason.
TEST(signing, verify_json_fails_for_each_defect_with_a_reason) {
    const auto key = spec_key();
    json good = {{"one", 1}, {"two", "Two"}};
    sign_json(good, "domain", key);
    ASSERT_TRUE(verify_json(good, "domain", "ed25519:1", key.public_key()));

    auto expect_fail = [&](const json& object, std::string entity, std::string key_id,
                           const std::string& public_key, const std::string& words) {
        const auto r = verify_json(object, entity, key_id, public_key);
        EXPECT_FALSE(r.ok) << object.dump();
        EXPECT_NE(r.reason.find(words), std::string::npos) << r.reason;
    };
    json tampered = good;
    tampered["two"] = "Three";
    expect_fail(tampered, "domain", "ed25519:1", key.public_key(), "does not verify");
    json added = good;
    added["three"] = 3;
    expect_fail(added, "domain", "ed25519:1", key.public_key(), "does not verify");
    expect_fail(good, "other", "ed25519:1", key.public_key(), "no signatures by \"other\"");
    expect_fail(good, "domain", "ed25519:2", key.public_key(), "no signature by");
    expect_fail(good, "domain", "ed25519:1", signing_key::generate("1").public_key(),
                "does not verify");
    expect_fail(good, "domain", "ed25519:1", "short", "not 32");
    expect_fail(good, "domain", "curve25519:1", key.public_key(), "not ed25519");
    json garbled = good;
    garbled["signatures"]["domain"]["ed25519:1"] = "!!!";
    expect_fail(garbled, "domain", "ed25519:1", key.public_key(), "not base64");
    json truncated = good;
    truncated["signatures"]["domain"]["ed25519:1"] = std::string(sig_of_one_two).substr(0, 80);
    expect_fail(truncated, "domain", "ed25519:1", key.public_key(), "not 64");
    json with_float = good;
    with_float["f"] = 0.5;
    expect_fail(with_float, "domain", "ed25519:1", key.public_key(), "float");
    expect_fail(json::object(), "domain", "ed25519:1", key.public_key(), "no \"signatures\"");
    expect_fail(json::array(), "domain", "ed25519:1", key.public_key(), "not an object");
}

constexpr std::int64_t now = 1'700'000'000'000;
constexpr std::int64_t day = 24 * 60 * 60 * 1000;

TEST(server_keys, a_made_response_passes_the_check) {
    const auto key = signing_key::generate("k1");
    const auto response = make_server_keys("hs.example:8448", key, now + day,
                                           {{"ed25519:old", {std::string(32, 'o'), now - day}}});
    EXPECT_EQ(response["server_name"], "hs.example:8448");
    EXPECT_EQ(response["verify_keys"]["ed25519:k1"]["key"], key.public_key_base64());
    EXPECT_EQ(response["valid_until_ts"], now + day);
    const auto check = check_server_keys(response, "hs.example:8448", now);
    ASSERT_TRUE(check) << check.result.reason;
    EXPECT_EQ(check.keys.verify_keys.at("ed25519:k1"), key.public_key());
    EXPECT_EQ(check.keys.old_verify_keys.at("ed25519:old").public_key, std::string(32, 'o'));
    EXPECT_EQ(check.keys.old_verify_keys.at("ed25519:old").expired_ts, now - day);
    EXPECT_EQ(check.keys.usable_until_ts, now + day);
}

TEST(server_keys, trust_is_capped_at_seven_days) {
    const auto key = signing_key::generate("k1");
    const auto check = check_server_keys(make_server_keys("hs", key, now + 30 * day), "hs", now);
    ASSERT_TRUE(check) << check.result.reason;
    EXPECT_EQ(check.keys.valid_until_ts, now + 30 * day);
    EXPECT_EQ(check.keys.usable_until_ts, now + 7 * day);
}

TEST(server_keys, ignores_keys_of_unknown_algorithms) {
    const auto key = signing_key::generate("k1");
    json response = make_server_keys("hs", key, now + day);
    response["verify_keys"]["future:x"] = {{"key", "whatever"}};
    sign_json(response, "hs", key);  // re-sign over the changed object
    const auto check = check_server_keys(response, "hs", now);
    ASSERT_TRUE(check) << check.result.reason;
    EXPECT_EQ(check.keys.verify_keys.size(), 1u);
}

TEST(server_keys, each_defect_fails_the_check_with_a_reason) {
    const auto key = signing_key::generate("k1");
    const auto other = signing_key::generate("k2");
    const json good = make_server_keys("hs", key, now + day);
    ASSERT_TRUE(check_server_keys(good, "hs", now));

    auto expect_fail = [](const json& response, const std::string& words) {
        const auto check = check_server_keys(response, "hs", now);
        EXPECT_FALSE(check) << response.dump();
        EXPECT_NE(check.result.reason.find(words), std::string::npos) << check.result.reason;
    };
    auto resigned = [&](json response) {
        response.erase("signatures");
        sign_json(response, "hs", key);
        return response;
    };
    EXPECT_FALSE(check_server_keys(good, "other", now));
    expect_fail(make_server_keys("hs", key, now - 1), "in the past");
    json tampered = good;
    tampered["valid_until_ts"] = now + 2 * day;
    expect_fail(tampered, "does not verify");
    json swapped = good;
    swapped["verify_keys"] = {{"ed25519:k1", {{"key", other.public_key_base64()}}}};
    expect_fail(swapped, "does not verify");
    json foreign = good;
    foreign.erase("signatures");
    sign_json(foreign, "hs", other);  // signed, but with a key it does not publish
    expect_fail(foreign, "not signed with any key in verify_keys");
    json unsigned_ = good;
    unsigned_.erase("signatures");
    expect_fail(unsigned_, "no \"signatures\"");
    json bad_version = good;
    bad_version["verify_keys"]["ed25519:a-b"] = {{"key", key.public_key_base64()}};
    expect_fail(resigned(bad_version), "not [a-zA-Z0-9_]+");
    json short_key = good;
    short_key["verify_keys"]["ed25519:s"] = {{"key", "AAAA"}};
    expect_fail(resigned(short_key), "not 32");
    json no_ts = good;
    no_ts.erase("valid_until_ts");
    expect_fail(resigned(no_ts), "valid_until_ts");
    json float_ts = good;
    float_ts["valid_until_ts"] = 1e15;
    expect_fail(float_ts, "valid_until_ts");
    json no_keys = good;
    no_keys["verify_keys"] = json::object();
    expect_fail(resigned(no_keys), "no ed25519 key");
    json bad_old = good;
    bad_old["old_verify_keys"] = {{"ed25519:o", {{"key", key.public_key_base64()}}}};
    expect_fail(resigned(bad_old), "expired_ts");
    expect_fail(json::array(), "not an object");
}

}  // namespace
}  // namespace mxc::matrix
