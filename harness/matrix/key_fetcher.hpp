// Fetches and caches other servers' signing keys (server-server API, "Retrieving server keys"):
// GET https://<server name>/_matrix/key/v2/server, checked with check_server_keys. Used by the
// reference server to verify inbound requests and by the mock remote to verify the target's.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "matrix/signing.hpp"
#include "matrix/x_matrix.hpp"
#include "net/http_client.hpp"

namespace mxc::matrix {

// The keys could not be had: unreachable, not JSON, a bad self-signature, expired. The message
// names the server and what went wrong.
class key_fetch_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A server name's federation base URL. The default handles what loopback testing needs: an IP
// literal or a hostname with an explicit port is "https://<name>", a bare name gets :8448 (no
// .well-known or SRV lookups).
using federation_resolver = std::function<std::string(std::string_view server_name)>;
std::string default_federation_url(std::string_view server_name);
// The host of "host[:port]" or of a URL "scheme://host[:port]/...", IPv6 brackets removed: the
// name a server's certificate must carry.
std::string host_of(std::string_view authority_or_url);

class key_fetcher {
  public:
    // options.tls is the trust used for every fetch (options.tls_server_name, when set, is the
    // certificate name for every server; empty: each server name's host); observer (optional) sees
    // every fetch's raw reply, for transcripts.
    struct fetch_record {
        std::string server_name;
        std::string url;
        unsigned status = 0;  // 0: no HTTP answer
        std::string body;
        std::string error;  // empty when the keys were accepted
    };
    // timeout: the deadline of one fetch.
    key_fetcher(net::client_options options, federation_resolver resolve = default_federation_url,
                std::function<void(const fetch_record&)> observer = {},
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // The raw public key published by server under key_id, fetched when not cached (or
    // expired; a key id unseen in the cache triggers one refetch). nullopt when the server's
    // keys were fetched and do not list key_id. Throws key_fetch_error when they cannot be had.
    // Thread-safe; one fetch at a time per fetcher.
    std::optional<std::string> lookup(std::string_view server, std::string_view key_id);
    // lookup() as x_matrix's key_lookup.
    key_lookup as_lookup();

    // The last accepted keys of server, if any.
    std::optional<server_keys> cached(std::string_view server) const;
    void forget(std::string_view server);

  private:
    server_keys fetch(std::string_view server);

    net::client_options options_;
    federation_resolver resolve_;
    std::function<void(const fetch_record&)> observer_;
    std::chrono::milliseconds timeout_;
    mutable std::mutex mutex_;
    std::map<std::string, server_keys, std::less<>> cache_;
};

// A federation request signed by origin with key: the http_call to send to destination's base
// URL, with its X-Matrix Authorization header and a JSON body (when content is given).
// target is the path from "/_matrix/" with any query, already percent-encoded.
net::http_call signed_call(const signing_key& key, std::string_view origin,
                           std::string_view destination, net::http::verb method, std::string target,
                           const nlohmann::json* content, std::chrono::milliseconds timeout);

}  // namespace mxc::matrix
