// TLS material for federation on loopback: mxconform's own certificate authority, kept on disk
// so that a target trusts it once, leaf certificates it issues for 127.0.0.1/localhost, and the
// Asio TLS contexts built from them. Keys are ECDSA P-256 (fast to make: one per mock).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/beast.hpp"

namespace mxc::net {

// A PEM certificate and its PEM private key.
struct leaf_certificate {
    std::string cert_pem;
    std::string key_pem;
};

class certificate_authority {
  public:
    // $XDG_DATA_HOME/mxconform/ca, or ~/.local/share/mxconform/ca without XDG_DATA_HOME.
    static std::filesystem::path default_dir();

    // Loads ca.pem and ca.key from dir, creating both (dir 0700, key 0600) when neither
    // exists. Throws std::runtime_error naming the file when one is missing, unreadable or not a
    // CA made for this use. Safe when several processes create the same dir at once.
    static certificate_authority open_or_create(const std::filesystem::path& dir);

    certificate_authority(certificate_authority&&) noexcept;
    certificate_authority& operator=(certificate_authority&&) noexcept;
    ~certificate_authority();

    const std::filesystem::path& dir() const;
    std::filesystem::path cert_file() const;  // dir/ca.pem: what a target is told to trust
    const std::string& cert_pem() const;

    // A fresh key and a certificate signed by this CA for names: IP literals become iPAddress
    // subject alternative names, anything else dNSName. Thread-safe.
    leaf_certificate issue(const std::vector<std::string>& names,
                           std::chrono::hours validity = std::chrono::hours(24 * 30)) const;

  private:
    struct impl;
    explicit certificate_authority(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

// A server context presenting leaf (TLS 1.2+).
std::shared_ptr<ssl::context> server_tls_context(const leaf_certificate& leaf);

// How a client decides whether to believe a server's certificate.
struct tls_trust {
    enum class mode { system_store, ca_file, none } how = mode::system_store;
    std::filesystem::path ca_file;  // for ca_file: PEM, one or more certificates
};

// A client context (TLS 1.2+) verifying peers per trust; mode::none verifies nothing.
// Throws std::runtime_error naming the CA file when it cannot be read.
std::shared_ptr<ssl::context> client_tls_context(const tls_trust& trust);

}  // namespace mxc::net
