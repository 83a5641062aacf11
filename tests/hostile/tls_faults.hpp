// The TLS rows of the corpus: what a federation port can do wrong before any HTTP. A client
// that trusts only our CA and checks the name must refuse each.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "hostile/hostile_server.hpp"
#include "net/tls_certs.hpp"

namespace mxc::hostile {

struct tls_fault {
    std::string name;
    std::string how;
    handshake start = handshake::tls;
    // For handshake::tls: the certificate the server presents (ours: the CA clients trust;
    // scratch: a directory for a foreign CA).
    std::shared_ptr<net::ssl::context> (*context)(const net::certificate_authority& ours,
                                                  const std::filesystem::path& scratch) = nullptr;
};

const std::vector<tls_fault>& tls_faults();

// A server context with a leaf for 127.0.0.1 from our CA: the fair certificate.
std::shared_ptr<net::ssl::context> fair_tls(const net::certificate_authority& ours);

inline void PrintTo(const tls_fault& f, std::ostream* os) {
    *os << f.name;
}

}  // namespace mxc::hostile
