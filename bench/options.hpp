// What one benchmark run is told: counts, threads and where to write JSON. Filled once by
// parse_options, then passed by const reference.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mxc::bench {

struct options {
    // Messages per send phase; the 100-device phase rounds down to whole requests.
    std::size_t messages = 20'000;
    // Client threads in the send and delivery phases, each with its own keep-alive connection.
    std::size_t threads = 2;
    // Send→wake-up round trips in the latency phase.
    std::size_t iterations = 500;
    // Size of each message's content, so the figures do not flatter tiny payloads; a real
    // encrypted m.room_key is a few hundred bytes.
    std::size_t payload_bytes = 256;
    // Empty: no JSON file.
    std::string json_path;
    // The load mode instead (load.hpp): --messages answered requests from --senders threads
    // against `mxconform` serve, killed half-way.
    bool load = false;
    std::size_t senders = 8;
    std::string mxconform = MXC_BINARY;
};

// Throws std::invalid_argument naming the bad flag; returns nullopt after printing --help.
std::optional<options> parse_options(const std::vector<std::string>& args);

}  // namespace mxc::bench
