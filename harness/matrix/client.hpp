// A Matrix client-API session for the harness: one device's token over one keep-alive
// connection, JSON in and out, every exchange reported (secrets redacted) to an observer.
// It knows nothing of cases or verdicts.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "net/http_client.hpp"

namespace mxc::matrix {

using json = nlohmann::json;

struct exchange {
    std::chrono::steady_clock::time_point started;
    std::string actor;
    std::string method;
    std::string target;                                                // redacted
    std::vector<std::pair<std::string, std::string>> request_headers;  // redacted
    std::string request_body;                                          // redacted
    unsigned status = 0;
    std::vector<std::pair<std::string, std::string>> response_headers;
    std::string response_body;  // redacted
    double elapsed_ms = 0;
    std::string error;
    // Unredacted, for validation against the API definitions.
    std::string path;  // without query, percent-encoded
    std::optional<json> sent_json;
    std::optional<json> received_json;
};

using exchange_observer = std::function<void(const exchange&)>;

struct reply {
    unsigned status = 0;
    std::string raw;
    json body;  // discarded-null when the body is not JSON
    bool is_json = false;
    double elapsed_ms = 0;
    std::string errcode() const;
};

// What a request carries as its body.
struct request_body {
    std::optional<json> value;       // serialised as JSON
    std::optional<std::string> raw;  // sent as is (malformed-input cases)
};

class client {
  public:
    client(const std::string& base_url, net::client_options options, std::string actor,
           exchange_observer observer);

    void set_token(std::string token) { token_ = std::move(token); }
    const std::string& token() const { return token_; }
    const std::string& actor() const { return actor_; }

    // Throws net::transport_error when no HTTP response came back in time.
    reply call(net::http::verb method, const std::string& target, const request_body& body,
               std::chrono::milliseconds timeout, std::function<void()> on_written = {},
               std::optional<std::string> token_override = std::nullopt,
               const exchange_observer* observer_override = nullptr);

  private:
    net::http_client http_;
    std::string actor_;
    std::string token_;
    exchange_observer observer_;
};

// Sends c with http and reports the exchange to observe (secrets redacted): the one way a sent
// request becomes an exchange record, for client::call and for requests made without a client
// (signed federation transactions). Throws net::transport_error, after observing, when no
// HTTP response came back in time.
reply send_observed(net::http_client& http, const net::http_call& c, const std::string& actor,
                    const std::optional<json>& sent_json, const exchange_observer& observe);

// What the harness makes of a response that came back: the reply steps judge, its body parsed
// within json_limits, and the answer's half of ex (redacted). send_observed's one way to read a
// response; fuzz/reply.cpp feeds it responses without a socket.
reply read_reply(net::http_reply res, exchange& ex);

// Percent-encodes one path segment (RFC 3986 unreserved characters stay).
std::string encode_segment(std::string_view s);
// Percent-encodes a query value.
std::string encode_query(std::string_view s);
// Replace the secrets of secrets.hpp (JSON members, the access_token query parameter) with
// "<redacted>".
std::string redact_body(const std::string& body);
std::string redact_target(const std::string& target);

}  // namespace mxc::matrix
