// JSON signing verification (matrix/signing): any JSON as a signed object and as a server keys
// response, checked against a fixed key; never a throw. An object we sign must verify.
#include "matrix/signing.hpp"
#include "fuzz_support.hpp"
#include "matrix/json_limits.hpp"

using namespace mxc;

namespace {

const matrix::signing_key& key() {
    static const auto k = matrix::signing_key::from_seed(std::string(32, '\x02'), "fuzz");
    return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto value = matrix::parse_bounded(fuzz::text(data, size));
    if (!value) return 0;
    const auto verified =
        matrix::verify_json(*value, "origin.test", key().key_id(), key().public_key());
    fuzz::require(verified.ok == verified.reason.empty(), "a refusal says why");
    // 2026-01-01, so that the fuzzer's valid_until_ts decide the outcome, not the clock.
    const auto keys = matrix::check_server_keys(*value, "origin.test", 1'767'225'600'000);
    fuzz::require(keys.result.ok == keys.result.reason.empty(), "a refusal says why");

    auto signed_copy = *value;
    try {
        matrix::sign_json(signed_copy, "origin.test", key());
    } catch (const std::invalid_argument&) {
        return 0;  // not an object, a non-object "signatures", or no canonical form: documented
    }
    const auto ours =
        matrix::verify_json(signed_copy, "origin.test", key().key_id(), key().public_key());
    fuzz::require(ours.ok, "what we sign verifies");
    return 0;
}
