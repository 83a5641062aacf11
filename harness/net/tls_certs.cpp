#include "net/tls_certs.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include "util/atomic_file.hpp"

namespace mxc::net {

namespace fs = std::filesystem;

namespace {

template <auto free_fn>
struct openssl_free {
    template <class T>
    void operator()(T* p) const {
        free_fn(p);
    }
};
using x509_ptr = std::unique_ptr<X509, openssl_free<X509_free>>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_free<EVP_PKEY_free>>;
using bio_ptr = std::unique_ptr<BIO, openssl_free<BIO_free_all>>;
using ext_ptr = std::unique_ptr<X509_EXTENSION, openssl_free<X509_EXTENSION_free>>;
using bn_ptr = std::unique_ptr<BIGNUM, openssl_free<BN_free>>;
using names_ptr = std::unique_ptr<GENERAL_NAMES, openssl_free<GENERAL_NAMES_free>>;

// The reason of the latest OpenSSL error; the queue is emptied so that it cannot be mistaken
// later for the cause of an unrelated TLS failure on this thread.
std::string openssl_reason() {
    const unsigned long e = ERR_peek_last_error();
    const char* reason = e ? ERR_reason_error_string(e) : nullptr;
    ERR_clear_error();
    return reason ? reason : "unknown OpenSSL error";
}

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(fmt::format("{}: {}", what, openssl_reason()));
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error(
            fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string to_pem(X509* cert) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) fail("cannot encode a certificate");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string to_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        fail("cannot encode a private key");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

pkey_ptr make_p256_key() {
    pkey_ptr key(EVP_EC_gen("P-256"));
    if (!key) fail("cannot generate a P-256 key");
    return key;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) fail("no random bytes");
    std::string hex;
    for (auto b : raw) hex += fmt::format("{:02x}", b);
    return hex;
}

// The skeleton every certificate here shares: v3, a random 128-bit serial (RFC 5280 §4.1.2.2
// allows 20 octets; random so that two runs never issue the same issuer+serial), an hour of
// slack before now for skewed clocks, and the subject's public key.
x509_ptr new_certificate(EVP_PKEY* key, long valid_seconds) {
    x509_ptr x(X509_new());
    if (!x) fail("cannot make a certificate");
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) fail("no random bytes");
    serial[0] &= 0x7f;  // positive
    serial[0] |= 0x40;  // and never zero or short
    bn_ptr bn(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!bn || X509_set_version(x.get(), X509_VERSION_3) != 1 ||
        !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x.get())) ||
        !X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(x.get()), valid_seconds) ||
        X509_set_pubkey(x.get(), key) != 1)
        fail("cannot fill in a certificate");
    return x;
}

void set_common_name(X509* x, const std::string& cn) {
    auto* name = X509_get_subject_name(x);
    if (X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                   0) != 1)
        fail(fmt::format("cannot use '{}' as a common name", cn));
}

void add_extension(X509* x, X509V3_CTX& ctx, int nid, const char* value) {
    ext_ptr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext || X509_add_ext(x, ext.get(), -1) != 1)
        fail(fmt::format("cannot add {} {}", OBJ_nid2sn(nid), value));
}

// "[::1]" as written in a URL is the address ::1.
std::string without_brackets(const std::string& name) {
    if (name.size() > 2 && name.front() == '[' && name.back() == ']')
        return name.substr(1, name.size() - 2);
    return name;
}

bool is_ip_literal(const std::string& name) {
    boost::system::error_code ec;
    asio::ip::make_address(name, ec);
    return !ec;
}

// RFC 5280 §4.2.1.6: iPAddress for an address (compared as bytes), dNSName for the rest.
names_ptr subject_alt_names(const std::vector<std::string>& names) {
    names_ptr gens(sk_GENERAL_NAME_new_null());
    for (const auto& given : names) {
        const auto name = without_brackets(given);
        if (name.empty()) throw std::invalid_argument("an empty name cannot go in a certificate");
        GENERAL_NAME* gen = GENERAL_NAME_new();
        if (is_ip_literal(name)) {
            ASN1_OCTET_STRING* ip = a2i_IPADDRESS(name.c_str());
            if (!ip) {
                GENERAL_NAME_free(gen);
                ERR_clear_error();
                throw std::invalid_argument(fmt::format("'{}' is not a plain IP address", given));
            }
            GENERAL_NAME_set0_value(gen, GEN_IPADD, ip);
        } else {
            ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
            ASN1_STRING_set(dns, name.data(), static_cast<int>(name.size()));
            GENERAL_NAME_set0_value(gen, GEN_DNS, dns);
        }
        sk_GENERAL_NAME_push(gens.get(), gen);
    }
    return gens;
}

// An exclusive flock on dir/.lock for the lifetime of the object; the kernel drops it when the
// process dies, so a crash never leaves a stale lock behind.
class dir_lock {
  public:
    explicit dir_lock(const fs::path& dir) {
        const auto file = dir / ".lock";
        fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0)
            throw std::runtime_error(
                fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
        while (::flock(fd_, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd_);
            throw std::runtime_error(
                fmt::format("cannot lock {}: {}", file.string(), std::strerror(err)));
        }
    }
    ~dir_lock() { ::close(fd_); }
    dir_lock(const dir_lock&) = delete;
    dir_lock& operator=(const dir_lock&) = delete;

  private:
    int fd_ = -1;
};

bool present(const fs::path& file) {
    std::error_code ec;
    return fs::exists(file, ec);
}

}  // namespace

struct certificate_authority::impl {
    fs::path dir;
    std::string cert_pem;
    x509_ptr cert;
    pkey_ptr key;
    // Extension building reads the CA certificate and signing uses its key: one issue at a time.
    mutable std::mutex mutex;

    fs::path cert_file() const { return dir / "ca.pem"; }
    fs::path key_file() const { return dir / "ca.key"; }

    void load() {
        const auto cf = cert_file().string();
        const auto kf = key_file().string();
        const auto cert_text = read_file(cert_file());
        bio_ptr cbio(BIO_new_mem_buf(cert_text.data(), static_cast<int>(cert_text.size())));
        cert.reset(PEM_read_bio_X509(cbio.get(), nullptr, nullptr, nullptr));
        if (!cert) fail(fmt::format("{}: not a PEM certificate", cf));
        if (X509_check_ca(cert.get()) != 1)
            throw std::runtime_error(
                fmt::format("{}: not a CA certificate (no basicConstraints CA:TRUE)", cf));
        if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0)
            throw std::runtime_error(fmt::format(
                "{}: the CA certificate has expired (remove ca.pem and ca.key for a new one)", cf));
        const auto key_text = read_file(key_file());
        bio_ptr kbio(BIO_new_mem_buf(key_text.data(), static_cast<int>(key_text.size())));
        key.reset(PEM_read_bio_PrivateKey(kbio.get(), nullptr, nullptr, nullptr));
        if (!key) fail(fmt::format("{}: not a PEM private key", kf));
        if (X509_check_private_key(cert.get(), key.get()) != 1) {
            ERR_clear_error();
            throw std::runtime_error(fmt::format("{}: not the key of the certificate {}", kf, cf));
        }
        cert_pem = to_pem(cert.get());
    }

    // A self-signed CA for 10 years; only certificates for the tests' own servers are signed
    // with it, and pathlen:0 keeps it from vouching for another CA.
    void create() {
        key = make_p256_key();
        cert = new_certificate(key.get(), 10L * 365 * 24 * 3600);
        set_common_name(cert.get(), "mxconform test CA " + random_hex(8));
        if (X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) != 1)
            fail("cannot name the CA's issuer");
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
        add_extension(cert.get(), ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        add_extension(cert.get(), ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
        // The subject key id first: the authority key id of a self-signed cert copies it.
        add_extension(cert.get(), ctx, NID_subject_key_identifier, "hash");
        add_extension(cert.get(), ctx, NID_authority_key_identifier, "keyid:always");
        if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) fail("cannot sign the CA");
        cert_pem = to_pem(cert.get());
        // The key first: whoever sees ca.pem may rely on ca.key being there.
        util::write_file_atomic(key_file(), to_pem(key.get()), 0600);
        util::write_file_atomic(cert_file(), cert_pem, 0644);
    }
};

fs::path certificate_authority::default_dir() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    // The XDG base directory spec ignores a relative path.
    if (xdg && *xdg == '/') return fs::path(xdg) / "mxconform" / "ca";
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        const passwd* pw = ::getpwuid(::getuid());
        home = pw ? pw->pw_dir : nullptr;
    }
    if (!home || !*home)
        throw std::runtime_error("no home directory for the CA: set XDG_DATA_HOME or HOME");
    return fs::path(home) / ".local" / "share" / "mxconform" / "ca";
}

certificate_authority certificate_authority::open_or_create(const fs::path& dir) {
    auto p = std::make_unique<impl>();
    p->dir = dir;
    // ca.pem is published after ca.key, so seeing it means the pair is complete.
    if (present(p->cert_file()) && present(p->key_file())) {
        p->load();
        return certificate_authority(std::move(p));
    }
    std::error_code ec;
    if (fs::create_directories(dir, ec))
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec)
        throw std::runtime_error(
            fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));
    // Whoever takes the lock first creates; the others wait here and then load theirs.
    dir_lock lock(dir);
    const bool have_cert = present(p->cert_file());
    const bool have_key = present(p->key_file());
    if (have_cert && have_key)
        p->load();
    else if (!have_cert && !have_key)
        p->create();
    else
        throw std::runtime_error(
            fmt::format("{} is missing while {} exists (remove both for a new CA)",
                        (have_cert ? p->key_file() : p->cert_file()).string(),
                        (have_cert ? p->cert_file() : p->key_file()).string()));
    return certificate_authority(std::move(p));
}

certificate_authority::certificate_authority(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
certificate_authority::certificate_authority(certificate_authority&&) noexcept = default;
certificate_authority& certificate_authority::operator=(certificate_authority&&) noexcept = default;
certificate_authority::~certificate_authority() = default;

const fs::path& certificate_authority::dir() const {
    return impl_->dir;
}
fs::path certificate_authority::cert_file() const {
    return impl_->cert_file();
}
const std::string& certificate_authority::cert_pem() const {
    return impl_->cert_pem;
}

leaf_certificate certificate_authority::issue(const std::vector<std::string>& names,
                                              std::chrono::hours validity) const {
    if (names.empty()) throw std::invalid_argument("a certificate needs at least one name");
    auto gens = subject_alt_names(names);
    auto key = make_p256_key();
    auto x = new_certificate(key.get(), static_cast<long>(validity.count()) * 3600);
    // CN is limited to 64 characters (RFC 5280 appendix A); clients look at the SAN anyway.
    const auto cn = without_brackets(names.front());
    const bool has_cn = cn.size() <= 64;
    if (has_cn) set_common_name(x.get(), cn);

    std::lock_guard lock(impl_->mutex);
    if (X509_set_issuer_name(x.get(), X509_get_subject_name(impl_->cert.get())) != 1)
        fail("cannot name the issuer");
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, impl_->cert.get(), x.get(), nullptr, nullptr, 0);
    add_extension(x.get(), ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(x.get(), ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(x.get(), ctx, NID_ext_key_usage, "serverAuth,clientAuth");
    add_extension(x.get(), ctx, NID_subject_key_identifier, "hash");
    add_extension(x.get(), ctx, NID_authority_key_identifier, "keyid:always");
    // RFC 5280 §4.2.1.6: with an empty subject the SAN must be critical.
    if (X509_add1_ext_i2d(x.get(), NID_subject_alt_name, gens.get(), has_cn ? 0 : 1,
                          X509V3_ADD_DEFAULT) != 1)
        fail("cannot add the subject alternative names");
    if (X509_sign(x.get(), impl_->key.get(), EVP_sha256()) == 0) fail("cannot sign a certificate");
    return {to_pem(x.get()), to_pem(key.get())};
}

namespace {
// TLS 1.2 is the floor for the federation API (server-server spec, "TLS") and for us.
void tls12_or_later(ssl::context& ctx) {
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
}
}  // namespace

std::shared_ptr<ssl::context> server_tls_context(const leaf_certificate& leaf) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    tls12_or_later(*ctx);
    ctx->use_certificate_chain(asio::buffer(leaf.cert_pem));
    ctx->use_private_key(asio::buffer(leaf.key_pem), ssl::context::pem);
    return ctx;
}

std::shared_ptr<ssl::context> client_tls_context(const tls_trust& trust) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    tls12_or_later(*ctx);
    switch (trust.how) {
        case tls_trust::mode::system_store:
            ctx->set_default_verify_paths();
            ctx->set_verify_mode(ssl::verify_peer);
            break;
        case tls_trust::mode::ca_file: {
            boost::system::error_code ec;
            ctx->load_verify_file(trust.ca_file.string(), ec);
            if (ec)
                throw std::runtime_error(fmt::format("cannot read CA file {}: {}",
                                                     trust.ca_file.string(), ec.message()));
            ctx->set_verify_mode(ssl::verify_peer);
            break;
        }
        case tls_trust::mode::none:
            ctx->set_verify_mode(ssl::verify_none);
            break;
    }
    return ctx;
}

}  // namespace mxc::net
