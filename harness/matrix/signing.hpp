// Ed25519 signing keys and signed JSON (spec appendices, "Signing JSON"), plus the self-signed
// server keys response (server-server API, "Retrieving server keys"), on OpenSSL 3.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace mxc::matrix {

// Outcome of a check that can fail for a reason worth reporting (a finding, not a crash).
struct verify_result {
    bool ok = false;
    std::string reason;  // empty when ok

    explicit operator bool() const { return ok; }
    static verify_result pass() { return {true, {}}; }
    static verify_result fail(std::string why) { return {false, std::move(why)}; }
};

// True for "ed25519:<version>" with a non-empty version of [a-zA-Z0-9_] (server-server API,
// "Publishing Keys"), the only key ids this module signs or verifies with.
bool is_ed25519_key_id(std::string_view key_id);

// An Ed25519 key pair with its key version. Byte strings (seed, public key, signature) are raw
// bytes in std::string; the *_base64 forms are unpadded base64. Copies share the OpenSSL key.
class signing_key {
  public:
    static signing_key generate(std::string version);
    // seed: the 32-byte private key (RFC 8032 §5.1.5), as NaCl and signedjson store it.
    static signing_key from_seed(std::string_view seed, std::string version);
    static signing_key from_seed_base64(std::string_view seed, std::string version);

    signing_key(const signing_key& other);
    signing_key& operator=(const signing_key& other);
    signing_key(signing_key&&) noexcept = default;
    signing_key& operator=(signing_key&&) noexcept = default;
    ~signing_key();

    const std::string& version() const { return version_; }
    std::string key_id() const { return "ed25519:" + version_; }
    std::string seed() const;
    std::string public_key() const;  // 32 bytes
    std::string public_key_base64() const;
    std::string sign(std::string_view message) const;  // 64 bytes

  private:
    struct pkey_free {
        void operator()(evp_pkey_st* key) const noexcept;
    };
    signing_key(std::unique_ptr<evp_pkey_st, pkey_free> key, std::string version);

    std::unique_ptr<evp_pkey_st, pkey_free> key_;
    std::string version_;
};

// Checks one raw Ed25519 signature; false for wrong lengths too.
bool ed25519_verify(std::string_view public_key, std::string_view message,
                    std::string_view signature);

// Signs object in place as entity: the signature covers the object without "signatures" and
// "unsigned" and lands at signatures[entity][key id], beside any signatures already there.
// Throws std::invalid_argument if object (or its "signatures") is not an object, and
// canonical_json_error if it has no canonical form.
void sign_json(nlohmann::json& object, std::string_view entity, const signing_key& key);

// Checks signatures[entity][key_id] against public_key (raw 32 bytes), following the steps of
// "Checking for a Signature"; never throws for bad input, the reason says what was wrong.
verify_result verify_json(const nlohmann::json& object, std::string_view entity,
                          std::string_view key_id, std::string_view public_key);

// A key a server used to sign with and still lists in old_verify_keys.
struct old_verify_key {
    std::string public_key;  // raw 32 bytes
    std::int64_t expired_ts = 0;
};

// GET /_matrix/key/v2/server's body, self-signed with key.
nlohmann::json make_server_keys(std::string_view server_name, const signing_key& key,
                                std::int64_t valid_until_ts,
                                const std::map<std::string, old_verify_key>& old_keys = {});

// What a checked keys response publishes. Maps are keyed by key id.
struct server_keys {
    std::string server_name;
    std::map<std::string, std::string> verify_keys;  // raw 32-byte public keys
    std::map<std::string, old_verify_key> old_verify_keys;
    std::int64_t valid_until_ts = 0;   // as published
    std::int64_t usable_until_ts = 0;  // min(valid_until_ts, now + 7 days), see below
};

struct server_keys_check {
    verify_result result;
    server_keys keys;  // filled only when result.ok

    explicit operator bool() const { return result.ok; }
};

// Validates a fetched keys response: server_name is the one asked for, valid_until_ts is an
// integer not in the past, every ed25519 verify key is well formed, and the object is signed by
// server_name with at least one published key while every such signature verifies. Keys of
// other algorithms are ignored. Servers must not trust a key beyond now + 7 days whatever
// valid_until_ts says (server-server API, "Retrieving server keys"), hence usable_until_ts.
server_keys_check check_server_keys(const nlohmann::json& response,
                                    std::string_view expected_server_name, std::int64_t now_ms);

}  // namespace mxc::matrix
