#include "matrix/signing.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "matrix/base64.hpp"
#include "matrix/canonical_json.hpp"
#include "matrix/secrets.hpp"

namespace mxc::matrix {

namespace {

constexpr std::size_t seed_size = 32;
constexpr std::size_t public_key_size = 32;
constexpr std::size_t signature_size = 64;
constexpr std::int64_t seven_days_ms = 7LL * 24 * 60 * 60 * 1000;

struct md_ctx_free {
    void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_free>;

// The queue holds the first error's cause; drain it so a later failure is not blamed on it.
[[noreturn]] void throw_openssl(const std::string& what) {
    std::string detail;
    if (const unsigned long code = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        detail = std::string(": ") + buf;
    }
    ERR_clear_error();
    throw std::runtime_error("OpenSSL " + what + " failed" + detail);
}

const unsigned char* bytes_of(std::string_view s) {
    // EVP wants a valid pointer even for an empty message.
    static const unsigned char empty = 0;
    return s.empty() ? &empty : reinterpret_cast<const unsigned char*>(s.data());
}

bool is_integer(const nlohmann::json& v) {
    return v.is_number_integer() || v.is_number_unsigned();
}

// Timestamps beyond int64 saturate instead of wrapping into the past.
std::int64_t as_int64(const nlohmann::json& v) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        return INT64_MAX;
    return v.get<std::int64_t>();
}

}  // namespace

bool is_ed25519_key_id(std::string_view key_id) {
    constexpr std::string_view prefix = "ed25519:";
    if (key_id.size() <= prefix.size() || key_id.substr(0, prefix.size()) != prefix) return false;
    const auto version = key_id.substr(prefix.size());
    return std::all_of(version.begin(), version.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

void signing_key::pkey_free::operator()(evp_pkey_st* key) const noexcept {
    EVP_PKEY_free(key);
}

signing_key::signing_key(std::unique_ptr<evp_pkey_st, pkey_free> key, std::string version)
    : key_(std::move(key)), version_(std::move(version)) {
    if (!is_ed25519_key_id(key_id()))
        throw std::invalid_argument("key version \"" + version_ +
                                    "\" is not [a-zA-Z0-9_]+ (server-server API, Publishing Keys)");
}

signing_key::signing_key(const signing_key& other) : version_(other.version_) {
    if (!other.key_) return;  // copying a moved-from key gives another empty one
    if (EVP_PKEY_up_ref(other.key_.get()) != 1) throw_openssl("EVP_PKEY_up_ref");
    key_.reset(other.key_.get());
}

signing_key& signing_key::operator=(const signing_key& other) {
    if (this != &other) *this = signing_key(other);
    return *this;
}

signing_key::~signing_key() = default;

signing_key signing_key::generate(std::string version) {
    std::string seed(seed_size, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), seed_size) != 1)
        throw_openssl("RAND_bytes");
    note_secret("signing_key_seed", base64_encode(seed));
    return from_seed(seed, std::move(version));
}

signing_key signing_key::from_seed(std::string_view seed, std::string version) {
    if (seed.size() != seed_size)
        throw std::invalid_argument("an Ed25519 seed is 32 bytes, not " +
                                    std::to_string(seed.size()));
    std::unique_ptr<evp_pkey_st, pkey_free> key(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes_of(seed), seed.size()));
    if (!key) throw_openssl("EVP_PKEY_new_raw_private_key");
    return signing_key(std::move(key), std::move(version));
}

signing_key signing_key::from_seed_base64(std::string_view seed, std::string version) {
    return from_seed(base64_decode(seed), std::move(version));
}

std::string signing_key::seed() const {
    std::string out(seed_size, '\0');
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_private_key(key_.get(), reinterpret_cast<unsigned char*>(out.data()),
                                     &len) != 1 ||
        len != seed_size)
        throw_openssl("EVP_PKEY_get_raw_private_key");
    return out;
}

std::string signing_key::public_key() const {
    std::string out(public_key_size, '\0');
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(out.data()),
                                    &len) != 1 ||
        len != public_key_size)
        throw_openssl("EVP_PKEY_get_raw_public_key");
    return out;
}

std::string signing_key::public_key_base64() const {
    return base64_encode(public_key());
}

std::string signing_key::sign(std::string_view message) const {
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!ctx) throw_openssl("EVP_MD_CTX_new");
    // Ed25519 hashes internally (RFC 8032 §5.1.6), so no digest is named and it is one-shot.
    if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1)
        throw_openssl("EVP_DigestSignInit");
    std::string sig(signature_size, '\0');
    std::size_t len = sig.size();
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       bytes_of(message), message.size()) != 1 ||
        len != signature_size)
        throw_openssl("EVP_DigestSign");
    return sig;
}

bool ed25519_verify(std::string_view public_key, std::string_view message,
                    std::string_view signature) {
    if (public_key.size() != public_key_size || signature.size() != signature_size) return false;
    std::unique_ptr<evp_pkey_st, void (*)(EVP_PKEY*)> key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes_of(public_key),
                                    public_key.size()),
        EVP_PKEY_free);
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    bool ok = key && ctx &&
              EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
              EVP_DigestVerify(ctx.get(), bytes_of(signature), signature.size(), bytes_of(message),
                               message.size()) == 1;
    // A bad signature leaves an entry on the thread's error queue; it is not an OpenSSL fault.
    ERR_clear_error();
    return ok;
}

void sign_json(nlohmann::json& object, std::string_view entity, const signing_key& key) {
    if (!object.is_object())
        throw std::invalid_argument("only a JSON object can be signed, not " +
                                    std::string(object.type_name()));
    const std::string entity_name(entity);
    if (auto it = object.find("signatures"); it != object.end()) {
        if (!it->is_object())
            throw std::invalid_argument("\"signatures\" is not an object but " +
                                        std::string(it->type_name()));
        if (auto mine = it->find(entity_name); mine != it->end() && !mine->is_object())
            throw std::invalid_argument("signatures[\"" + entity_name + "\"] is not an object");
    }
    // Everything that can throw happens before the object is touched.
    const std::string sig = base64_encode(key.sign(canonical_json_for_signing(object)));
    object["signatures"][entity_name][key.key_id()] = sig;
}

verify_result verify_json(const nlohmann::json& object, std::string_view entity,
                          std::string_view key_id, std::string_view public_key) {
    const std::string entity_name(entity), id(key_id);
    if (!object.is_object()) return verify_result::fail("signed JSON is not an object");
    const auto sigs = object.find("signatures");
    if (sigs == object.end() || !sigs->is_object())
        return verify_result::fail("no \"signatures\" object");
    const auto mine = sigs->find(entity_name);
    if (mine == sigs->end() || !mine->is_object())
        return verify_result::fail("no signatures by \"" + entity_name + "\"");
    if (!is_ed25519_key_id(id))
        return verify_result::fail("key id \"" + id + "\" is not ed25519:[a-zA-Z0-9_]+");
    const auto sig = mine->find(id);
    if (sig == mine->end() || !sig->is_string())
        return verify_result::fail("no signature by \"" + entity_name + "\" with key \"" + id +
                                   "\"");
    std::string raw_sig;
    try {
        raw_sig = base64_decode(sig->get_ref<const std::string&>());
    } catch (const base64_error& e) {
        return verify_result::fail(std::string("signature is not base64: ") + e.what());
    }
    if (raw_sig.size() != signature_size)
        return verify_result::fail("signature is " + std::to_string(raw_sig.size()) +
                                   " bytes, not 64");
    if (public_key.size() != public_key_size)
        return verify_result::fail("public key is " + std::to_string(public_key.size()) +
                                   " bytes, not 32");
    std::string message;
    try {
        message = canonical_json_for_signing(object);
    } catch (const canonical_json_error& e) {
        return verify_result::fail(e.what());
    }
    if (!ed25519_verify(public_key, message, raw_sig))
        return verify_result::fail("signature by \"" + entity_name + "\" with key \"" + id +
                                   "\" does not verify");
    return verify_result::pass();
}

nlohmann::json make_server_keys(std::string_view server_name, const signing_key& key,
                                std::int64_t valid_until_ts,
                                const std::map<std::string, old_verify_key>& old_keys) {
    nlohmann::json old = nlohmann::json::object();
    for (const auto& [id, k] : old_keys)
        old[id] = {{"key", base64_encode(k.public_key)}, {"expired_ts", k.expired_ts}};
    nlohmann::json body = {
        {"server_name", server_name},
        {"verify_keys", {{key.key_id(), {{"key", key.public_key_base64()}}}}},
        {"old_verify_keys", std::move(old)},
        {"valid_until_ts", valid_until_ts},
    };
    sign_json(body, server_name, key);
    return body;
}

namespace {

// Reads {"<key id>": {"key": "<base64>", ...}}, keeping ed25519 keys only.
verify_result read_key_map(const nlohmann::json& map, const char* field, bool with_expiry,
                           std::map<std::string, old_verify_key>& out) {
    if (!map.is_object()) return verify_result::fail(std::string(field) + " is not an object");
    for (auto it = map.begin(); it != map.end(); ++it) {
        const std::string& id = it.key();
        const std::string where = std::string(field) + "[\"" + id + "\"]";
        if (id.rfind("ed25519:", 0) != 0) continue;  // an algorithm we do not know: ignored
        if (!is_ed25519_key_id(id))
            return verify_result::fail(where + ": key version is not [a-zA-Z0-9_]+");
        const auto& entry = it.value();
        const auto key = entry.is_object() ? entry.find("key") : entry.end();
        if (!entry.is_object() || key == entry.end() || !key->is_string())
            return verify_result::fail(where + " has no string \"key\"");
        old_verify_key k;
        try {
            k.public_key = base64_decode(key->get_ref<const std::string&>());
        } catch (const base64_error& e) {
            return verify_result::fail(where + ".key: " + e.what());
        }
        if (k.public_key.size() != public_key_size)
            return verify_result::fail(where + ".key is " + std::to_string(k.public_key.size()) +
                                       " bytes, not 32");
        if (with_expiry) {
            const auto ts = entry.find("expired_ts");
            if (ts == entry.end() || !is_integer(*ts))
                return verify_result::fail(where + " has no integer \"expired_ts\"");
            k.expired_ts = as_int64(*ts);
        }
        out.emplace(id, std::move(k));
    }
    return verify_result::pass();
}

}  // namespace

server_keys_check check_server_keys(const nlohmann::json& response,
                                    std::string_view expected_server_name, std::int64_t now_ms) {
    auto fail = [](std::string why) {
        return server_keys_check{verify_result::fail(std::move(why)), {}};
    };
    if (!response.is_object()) return fail("keys response is not an object");

    server_keys keys;
    const auto name = response.find("server_name");
    if (name == response.end() || !name->is_string()) return fail("no string \"server_name\"");
    keys.server_name = name->get<std::string>();
    if (keys.server_name != expected_server_name)
        return fail("server_name is \"" + keys.server_name + "\", expected \"" +
                    std::string(expected_server_name) + "\"");

    const auto until = response.find("valid_until_ts");
    if (until == response.end() || !is_integer(*until))
        return fail("no integer \"valid_until_ts\"");
    keys.valid_until_ts = as_int64(*until);
    if (keys.valid_until_ts < now_ms)
        return fail("valid_until_ts " + std::to_string(keys.valid_until_ts) +
                    " is in the past (now " + std::to_string(now_ms) + ")");
    keys.usable_until_ts = std::min(keys.valid_until_ts, now_ms + seven_days_ms);

    const auto verify = response.find("verify_keys");
    if (verify == response.end()) return fail("no \"verify_keys\"");
    std::map<std::string, old_verify_key> current;
    if (auto r = read_key_map(*verify, "verify_keys", false, current); !r) return {r, {}};
    if (current.empty()) return fail("verify_keys has no ed25519 key");
    for (auto& [id, k] : current) keys.verify_keys.emplace(id, std::move(k.public_key));

    if (const auto old = response.find("old_verify_keys"); old != response.end()) {
        if (auto r = read_key_map(*old, "old_verify_keys", true, keys.old_verify_keys); !r)
            return {r, {}};
    }

    // Self-signed: the server vouches for the keys with those very keys.
    const auto sigs = response.find("signatures");
    if (sigs == response.end() || !sigs->is_object()) return fail("no \"signatures\" object");
    const auto mine = sigs->find(keys.server_name);
    if (mine == sigs->end() || !mine->is_object())
        return fail("not signed by \"" + keys.server_name + "\"");
    int verified = 0;
    for (auto it = mine->begin(); it != mine->end(); ++it) {
        const auto published = keys.verify_keys.find(it.key());
        if (published == keys.verify_keys.end()) continue;
        if (auto r = verify_json(response, keys.server_name, it.key(), published->second); !r)
            return fail("self-signature: " + r.reason);
        ++verified;
    }
    if (verified == 0) return fail("not signed with any key in verify_keys");
    return {verify_result::pass(), std::move(keys)};
}

}  // namespace mxc::matrix
