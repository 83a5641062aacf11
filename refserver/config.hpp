// Everything the reference server can be told, with its defaults; filled once, passed by const&.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "refserver/faults.hpp"

namespace mxc::refserver {

struct config {
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 8008;  // 0: an ephemeral port
    // The Matrix server name; empty: "<listen host>:<bound port>".
    std::string server_name;
    // SQLite file; empty: a fresh temporary file, removed on shutdown.
    std::string db_path;
    // Enables Synapse's /_synapse/admin/v1/register when non-empty.
    std::string registration_shared_secret;
    fault_set faults;
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    // The per-/sync limit the spec recommends.
    std::size_t sync_limit = 100;
    // Upper bound on a /sync long-poll, whatever the client asks for.
    std::chrono::milliseconds max_sync_timeout{300'000};
    // One line per request; null: silent.
    std::function<void(const std::string&)> log;
};

}  // namespace mxc::refserver
