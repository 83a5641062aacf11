// The other direction: a client that plays a row of the corpus at a server (the mock remote,
// the reference server), and what came back.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "hostile/behaviours.hpp"
#include "net/beast.hpp"

namespace mxc::hostile {

struct where_to {
    unsigned short port = 0;                 // on 127.0.0.1
    std::shared_ptr<net::ssl::context> tls;  // null: plain TCP (also to a TLS port)
    std::string target;                      // fills {target}
    std::string auth;                        // fills {auth}: a header line with its CRLF, or ""
};

struct played {
    unsigned status = 0;  // 0: no answer
    std::string error;    // why there was none (closed, reset, TLS, still waiting at the end)
    bool done = false;    // the exchange ended before `within` (answered or closed)
};

// Plays row at the server, then reads its answer; everything ends within `within` (the
// connection is then dropped).
played play_request(const where_to& to, const behaviour& row, std::chrono::milliseconds within);

}  // namespace mxc::hostile
