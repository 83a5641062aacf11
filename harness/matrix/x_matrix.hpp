// Request authentication between homeservers (server-server API, "Authentication" / "Request
// Authentication"): the JSON a request's signature covers, the X-Matrix Authorization header,
// and the receiving side's checks.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "matrix/signing.hpp"

namespace mxc::matrix {

// The parameters of one X-Matrix Authorization header.
struct x_matrix_auth {
    std::string origin;
    std::optional<std::string> destination;  // absent from senders older than v1.3
    std::string key_id;                      // the "key" parameter
    std::string sig;                         // unpadded base64, still encoded
};

// parse_x_matrix's answer: auth when the header is usable, otherwise error says why.
struct x_matrix_parse {
    std::optional<x_matrix_auth> auth;
    std::string error;

    explicit operator bool() const { return auth.has_value(); }
};

// Canonical JSON of {method, uri, origin, destination, content}: what the request signature
// covers. uri is the path from "/_matrix/" with its query, exactly as sent; content is the
// parsed body and is left out (nullptr) for a request without one.
std::string request_signing_json(std::string_view method, std::string_view uri,
                                 std::string_view origin, std::string_view destination,
                                 const nlohmann::json* content);

// The header value the way the spec asks senders to write it for compatibility: one space after
// the scheme, lower-case names, quoted values, no spaces around commas. An empty destination is
// left out, which only a sender older than v1.3 would do.
std::string x_matrix_header(std::string_view origin, std::string_view destination,
                            std::string_view key_id, std::string_view sig);

// Signs a request with key and returns its Authorization header value.
std::string sign_request(const signing_key& key, std::string_view method, std::string_view uri,
                         std::string_view origin, std::string_view destination,
                         const nlohmann::json* content = nullptr);

// Reads an Authorization header value as RFC 9110 §11.4 auth-params, as leniently as the spec
// asks receivers to be: scheme and names in any case, parameters in any order, spaces or tabs
// around ',' and '=', quoted values with backslash escapes or bare values (':' included),
// unknown parameters ignored. origin, key and sig are required; destination is optional.
x_matrix_parse parse_x_matrix(std::string_view header);

// The public key (raw 32 bytes) that origin published under key_id, if known. May throw; the
// exception then propagates out of verify_request, as harness trouble rather than a verdict.
using key_lookup =
    std::function<std::optional<std::string>(std::string_view origin, std::string_view key_id)>;

// verify_request's answer. origin is filled whenever a header named one, even on failure, so
// that the caller can say who sent a bad request.
struct request_check {
    bool ok = false;
    std::string origin;
    std::string key_id;  // the key whose signature verified
    std::string reason;  // why not, when !ok

    explicit operator bool() const { return ok; }
};

// Authenticates an incoming request. There may be several Authorization headers (one per key);
// the request is accepted when one X-Matrix header's signature verifies. It is refused when no
// header verifies, when headers disagree on origin, or when any destination names another
// server (the spec's "MUST return 401"). The signed JSON always uses my_server_name as
// destination, as senders sign it even when they leave the header parameter out.
request_check verify_request(std::string_view method, std::string_view uri,
                             const nlohmann::json* content,
                             std::span<const std::string> authorization_headers,
                             std::string_view my_server_name, const key_lookup& lookup);

}  // namespace mxc::matrix
