// Everything the reference server can be told, with its defaults; filled once, passed by const&.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "matrix/key_fetcher.hpp"
#include "net/tls_certs.hpp"
#include "refserver/faults.hpp"

namespace mxc::refserver {

// The server-server API, as far as send-to-device needs it (server-server API, "Send-to-device
// messaging"): a TLS listener for /send, keys, devices and profiles, and an outbound sender.
struct federation_config {
    bool enabled = false;
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 0;  // TLS listener of the federation API; 0: ephemeral
    net::leaf_certificate tls;       // its certificate and key (PEM)
    net::tls_trust trust;            // for outbound requests and key fetches
    // Outbound backoff: a failed transaction is retried after retry_min, doubling to retry_max.
    std::chrono::milliseconds retry_min{250}, retry_max{5'000};
    std::chrono::milliseconds request_timeout{5'000};  // one outbound request
    matrix::federation_resolver resolve;               // null: matrix::default_federation_url
};

struct config {
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 8008;  // 0: an ephemeral port
    // The Matrix server name; empty: "<listen host>:<bound port>", or with federation on
    // "<federation listen host>:<bound federation port>", an IP literal peers connect to directly.
    std::string server_name;
    // SQLite file; empty: a fresh temporary file, removed on shutdown.
    std::string db_path;
    // Enables Synapse's /_synapse/admin/v1/register when non-empty.
    std::string registration_shared_secret;
    fault_set faults;
    federation_config federation;
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    // The per-/sync limit the spec recommends.
    std::size_t sync_limit = 100;
    // Upper bound on a /sync long-poll, whatever the client asks for.
    std::chrono::milliseconds max_sync_timeout{300'000};
    // One line per request; null: silent.
    std::function<void(const std::string&)> log;
};

}  // namespace mxc::refserver
