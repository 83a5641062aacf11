// The hostile-peer corpus (issue 12, "Hostile peers"): one row per way a peer can misbehave once
// it has read a request, played by hostile_server against the harness and sent by the tests'
// own client against the servers mxconform runs (mock remote, reference server).
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace mxc::hostile {

// One thing the misbehaving side does, in order.
struct act {
    enum class kind {
        write,    // bytes at once
        repeat,   // bytes, `times` times (a body too large to hold in the test)
        dribble,  // bytes one at a time, one byte per `every`
        reset,    // close with a TCP reset (SO_LINGER 0)
        finish,   // close the sending side (the peer reads the end of the stream)
        hold,     // nothing more, until the other side sends or closes, or the test gives up
    };
    kind what = kind::write;
    std::string bytes;
    std::size_t times = 1;
    std::chrono::milliseconds every{1'000};
};

struct behaviour {
    std::string name;  // a gtest parameter name: [a-z0-9_]
    std::string how;   // one line: what the peer does
    std::vector<act> acts;
    // The body alone, for rows that are about content (sent as a complete, well-framed message);
    // empty for rows about framing or timing.
    std::string body;
};

// Answers of a server that misbehaves after reading a request.
const std::vector<behaviour>& responses();
// Requests a client sends to a server: the same hostility, from the other side.
const std::vector<behaviour>& requests();

// The content rows' bodies, shared by both directions: each is hostile to every reader of a
// Matrix JSON body.
std::string nested_json(std::size_t depth);  // [[[...]]] depth deep
std::string dense_json(std::size_t values);  // [{},{},...]: this many values in all

// bytes with {target} and {auth} filled in: a request's target, an Authorization header line.
std::string fill(std::string bytes, std::string_view target, std::string_view auth = {});

// For gtest's messages: the row's name.
inline void PrintTo(const behaviour& b, std::ostream* os) {
    *os << b.name;
}

}  // namespace mxc::hostile
