// What the fuzz targets share: the input as text, a property that must hold (a broken one aborts,
// which libFuzzer reports as a crash with the input), the input as a file, and the input as
// HTTP messages parsed the way the server and client parse them off a socket.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "net/beast.hpp"

namespace mxc::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A broken property is a finding like a crash.
inline void require(bool holds, const char* what) {
    if (holds) return;
    std::fprintf(stderr, "fuzz property broken: %s\n", what);
    std::abort();
}

// A directory of this process's own, removed at exit; loaders that read files read from it.
inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("mxconform-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(scratch_dir(), ignored);
        });
        return d;
    }();
    return dir;
}

// Writes the input to scratch_dir()/name and returns its path.
inline std::filesystem::path write_file(const std::string& name, std::string_view bytes) {
    const auto path = scratch_dir() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

// The next complete HTTP message at the front of bytes, which it then leaves; nothing when
// what is left is not one. The limits are the server's (net::server_options) for requests; the
// client's parser (net/http_client.cpp) keeps Beast's header limit.
template <bool is_request>
std::optional<net::http::message<is_request, net::http::string_body>> next_message(
    std::string_view& bytes) {
    net::http::parser<is_request, net::http::string_body> parser;
    parser.eager(true);
    if constexpr (is_request) parser.header_limit(16 * 1024);
    parser.body_limit(4 * 1024 * 1024);
    boost::system::error_code ec;
    const auto used = parser.put(net::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec && ec != net::http::error::need_more) return std::nullopt;
    if (!parser.is_done()) {
        // A response may end where the bytes end (no Content-Length), as at a closed socket.
        if (is_request || !parser.is_header_done()) return std::nullopt;
        parser.put_eof(ec);
        if (ec || !parser.is_done()) return std::nullopt;
        bytes = {};
        return parser.release();
    }
    bytes.remove_prefix(used);
    return parser.release();
}

}  // namespace mxc::fuzz
