// Canonical JSON (matrix/canonical_json) of any JSON a peer could send: the canonical form must
// be JSON that reads back as the same value, and be its own canonical form.
#include "matrix/canonical_json.hpp"
#include "fuzz_support.hpp"
#include "matrix/json_limits.hpp"

using namespace mxc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto value = matrix::parse_bounded(fuzz::text(data, size));
    if (!value) return 0;
    try {
        const std::string canonical = matrix::canonical_json(*value);
        const auto again = matrix::parse_bounded(canonical);
        fuzz::require(again.has_value(), "canonical JSON is JSON");
        fuzz::require(*again == *value, "canonical JSON reads back as the same value");
        fuzz::require(matrix::canonical_json(*again) == canonical, "canonical JSON is canonical");
    } catch (const matrix::canonical_json_error& e) {
        // what() is a C string: a key with a NUL in it ends the message there.
        fuzz::require(e.pointer().find('\0') != std::string::npos ||
                          std::string_view(e.what()).find(e.pointer()) != std::string_view::npos,
                      "the error names where");
    }
    try {
        matrix::canonical_json_for_signing(*value);
    } catch (const std::invalid_argument&) {
        // Not an object, or no canonical form: both documented.
    }
    return 0;
}
