// The X-Matrix Authorization header parser (matrix/x_matrix): the first line of the input as one
// header, every line as the Authorization headers of one request. A header that parses must
// come back the same when written out and read again.
#include "matrix/x_matrix.hpp"
#include "fuzz_support.hpp"

using namespace mxc;

namespace {

const matrix::signing_key& origin_key() {
    static const auto key = matrix::signing_key::from_seed(std::string(32, '\x01'), "fuzz");
    return key;
}

std::optional<std::string> lookup(std::string_view origin, std::string_view key_id) {
    if (origin == "origin.test" && key_id == origin_key().key_id())
        return origin_key().public_key();
    return std::nullopt;
}

void round_trip(const matrix::x_matrix_auth& a) {
    const auto again = matrix::parse_x_matrix(
        matrix::x_matrix_header(a.origin, a.destination.value_or(""), a.key_id, a.sig));
    fuzz::require(again.auth.has_value(), "a parsed header, written out, parses again");
    const auto& b = *again.auth;
    fuzz::require(b.origin == a.origin && b.key_id == a.key_id && b.sig == a.sig &&
                      b.destination.value_or("") == a.destination.value_or(""),
                  "a parsed header, written out, reads the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = fuzz::text(data, size);
    std::vector<std::string> headers;
    for (std::size_t start = 0; start <= input.size();) {
        const auto end = std::min(input.find('\n', start), input.size());
        headers.emplace_back(input.substr(start, end - start));
        start = end + 1;
    }
    const auto parsed = matrix::parse_x_matrix(headers.front());
    fuzz::require(parsed.auth.has_value() != !parsed.error.empty(),
                  "a header either parses or says why not");
    if (parsed) round_trip(*parsed.auth);

    static const nlohmann::json content = {{"origin", "origin.test"},
                                           {"pdus", nlohmann::json::array()}};
    const auto check = matrix::verify_request("PUT", "/_matrix/federation/v1/send/1", &content,
                                              headers, "destination.test", lookup);
    fuzz::require(check.ok == check.reason.empty(), "a refusal says why, an acceptance does not");
    return 0;
}
