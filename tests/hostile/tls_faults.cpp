#include "hostile/tls_faults.hpp"

#include "support/files.hpp"

namespace mxc::hostile {

namespace {

// A CA of its own, presented as the server's certificate: self-signed, and not ours.
std::shared_ptr<net::ssl::context> self_signed(const net::certificate_authority&,
                                               const std::filesystem::path& scratch) {
    const auto foreign = net::certificate_authority::open_or_create(scratch / "foreign-ca");
    return net::server_tls_context({foreign.cert_pem(), test::read_text(foreign.dir() / "ca.key")});
}

std::shared_ptr<net::ssl::context> wrong_name(const net::certificate_authority& ours,
                                              const std::filesystem::path&) {
    return net::server_tls_context(ours.issue({"wrong.example"}));
}

std::shared_ptr<net::ssl::context> expired(const net::certificate_authority& ours,
                                           const std::filesystem::path&) {
    // Valid from two hours ago until one hour ago (tls_certs backdates by an hour).
    return net::server_tls_context(ours.issue({"127.0.0.1"}, std::chrono::hours(-1)));
}

}  // namespace

std::shared_ptr<net::ssl::context> fair_tls(const net::certificate_authority& ours) {
    return net::server_tls_context(ours.issue({"127.0.0.1"}));
}

const std::vector<tls_fault>& tls_faults() {
    static const std::vector<tls_fault> rows{
        {"self_signed", "a self-signed certificate from a CA that is not ours", handshake::tls,
         self_signed},
        {"wrong_name", "a certificate of our CA for wrong.example, not 127.0.0.1", handshake::tls,
         wrong_name},
        {"expired", "a certificate of our CA that expired an hour ago", handshake::tls, expired},
        {"not_tls", "the ClientHello answered with plain HTTP", handshake::not_tls},
        {"silent", "the connection accepted, the ClientHello never answered", handshake::silent},
        {"close_at_once", "the connection accepted and closed at once", handshake::close_at_once},
    };
    return rows;
}

}  // namespace mxc::hostile
