// mxconform's own CA and the certificates it issues for loopback federation: files on disk,
// concurrent creation, and real TLS handshakes through net::http_server and net::http_client.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>
#include <thread>

#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "net/tls_certs.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mxc::net {
namespace {

namespace fs = std::filesystem;

using test::read_text;
using test::temp_dir;

unsigned mode_of(const fs::path& file) {
    struct stat st {};
    EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
    return st.st_mode & 07777;
}

std::unique_ptr<X509, decltype(&X509_free)> parse(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return {x, &X509_free};
}

// X509_verify_cert of leaf against a store holding only ca_pem, for a TLS server.
bool chains_to(const std::string& leaf_pem, const std::string& ca_pem) {
    auto leaf = parse(leaf_pem);
    auto ca = parse(ca_pem);
    if (!leaf || !ca) return false;
    X509_STORE* store = X509_STORE_new();
    X509_STORE_add_cert(store, ca.get());
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, leaf.get(), nullptr);
    X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
    const bool ok = X509_verify_cert(ctx) == 1;
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    return ok;
}

TEST(tls_certs, creates_the_ca_with_private_modes_and_reloads_it_unchanged) {
    temp_dir tmp;
    const auto dir = tmp.path() / "a" / "ca";
    std::string pem;
    {
        auto ca = certificate_authority::open_or_create(dir);
        EXPECT_EQ(ca.dir(), dir);
        EXPECT_EQ(ca.cert_file(), dir / "ca.pem");
        pem = ca.cert_pem();
        EXPECT_EQ(read_text(dir / "ca.pem"), pem);
    }
    EXPECT_EQ(mode_of(dir), 0700u);
    EXPECT_EQ(mode_of(dir / "ca.key"), 0600u);
    auto cert = parse(pem);
    ASSERT_TRUE(cert);
    EXPECT_EQ(X509_check_ca(cert.get()), 1);
    char cn[128] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn, sizeof cn);
    EXPECT_TRUE(std::string(cn).starts_with("mxconform test CA ")) << cn;

    auto again = certificate_authority::open_or_create(dir);
    EXPECT_EQ(again.cert_pem(), pem);
    auto third = certificate_authority::open_or_create(dir);
    EXPECT_EQ(third.cert_pem(), pem);
}

TEST(tls_certs, threads_creating_at_once_end_with_one_ca) {
    temp_dir tmp;
    const auto dir = tmp.path() / "ca";
    std::vector<std::string> seen(6);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i)
        threads.emplace_back(
            [&, i] { seen[i] = certificate_authority::open_or_create(dir).cert_pem(); });
    for (auto& t : threads) t.join();
    for (const auto& pem : seen) EXPECT_EQ(pem, seen[0]);
    EXPECT_EQ(read_text(dir / "ca.pem"), seen[0]);
}

TEST(tls_certs, processes_creating_at_once_end_with_one_ca) {
    temp_dir tmp;
    const auto dir = tmp.path() / "ca";
    std::vector<pid_t> children;
    for (int i = 0; i < 4; ++i) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int code = 1;
            try {
                auto pem = certificate_authority::open_or_create(dir).cert_pem();
                std::ofstream(tmp.path() / ("seen-" + std::to_string(i))) << pem;
                code = 0;
            } catch (...) {
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    for (auto pid : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    const auto final_pem = certificate_authority::open_or_create(dir).cert_pem();
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(read_text(tmp.path() / ("seen-" + std::to_string(i))), final_pem) << i;
}

void expect_error_naming(const fs::path& dir, const fs::path& file) {
    try {
        certificate_authority::open_or_create(dir);
        ADD_FAILURE() << "no error for " << file;
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(file.string()), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
}

TEST(tls_certs, a_corrupted_ca_is_an_error_naming_the_file) {
    temp_dir tmp;
    const auto dir = tmp.path() / "ca";
    certificate_authority::open_or_create(dir);
    const auto good = read_text(dir / "ca.pem");
    std::ofstream(dir / "ca.pem", std::ios::trunc) << "-----BEGIN CERTIFICATE-----\ngarbage\n";
    expect_error_naming(dir, dir / "ca.pem");

    // A key from another CA does not match the certificate.
    std::ofstream(dir / "ca.pem", std::ios::trunc) << good;
    const auto other = tmp.path() / "other";
    certificate_authority::open_or_create(other);
    fs::copy_file(other / "ca.key", dir / "ca.key", fs::copy_options::overwrite_existing);
    expect_error_naming(dir, dir / "ca.key");

    fs::remove(dir / "ca.key");
    expect_error_naming(dir, dir / "ca.key");
}

TEST(tls_certs, a_leaf_chains_to_the_ca_and_names_ip_and_host) {
    temp_dir tmp;
    auto ca = certificate_authority::open_or_create(tmp.path() / "ca");
    const auto leaf = ca.issue({"127.0.0.1", "localhost", "[::1]"});
    EXPECT_TRUE(chains_to(leaf.cert_pem, read_text(ca.cert_file())));
    auto cert = parse(leaf.cert_pem);
    ASSERT_TRUE(cert);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
    EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
    EXPECT_NE(X509_check_ip_asc(cert.get(), "127.0.0.2", 0), 1);
    EXPECT_EQ(X509_check_ca(cert.get()), 0);

    temp_dir other_tmp;
    auto other = certificate_authority::open_or_create(other_tmp.path());
    EXPECT_FALSE(chains_to(leaf.cert_pem, other.cert_pem()));
}

// An https server on 127.0.0.1 answering 200 to everything, recording the SNI it was sent.
class tls_server {
  public:
    explicit tls_server(const leaf_certificate& leaf) {
        server_options o;
        o.tls = server_tls_context(leaf);
        SSL_CTX_set_tlsext_servername_callback(o.tls->native_handle(), &on_sni);
        SSL_CTX_set_tlsext_servername_arg(o.tls->native_handle(), this);
        server_ = std::make_unique<http_server>(
            ioc_, o, [](request& req, const connection_info&) -> asio::awaitable<response> {
                response res{http::status::ok, req.version()};
                res.body() = "ok";
                res.prepare_payload();
                co_return res;
            });
        port_ = server_->listen({asio::ip::address_v4::loopback(), 0}).port();
        thread_ = std::thread([this] { ioc_.run(); });
    }
    ~tls_server() {
        asio::post(ioc_, [this] { server_->stop(); });
        thread_.join();
    }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    std::string sni() const {
        std::lock_guard lock(mutex_);
        return sni_;
    }

  private:
    static int on_sni(SSL* ssl, int*, void* arg) {
        auto* self = static_cast<tls_server*>(arg);
        const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
        std::lock_guard lock(self->mutex_);
        self->sni_ = name ? name : "";
        return SSL_TLSEXT_ERR_OK;
    }

    asio::io_context ioc_;
    std::unique_ptr<http_server> server_;
    unsigned short port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::string sni_ = "(no handshake)";
};

http_reply get(const std::string& url, const tls_trust& trust, const std::string& name) {
    client_options o;
    o.tls = client_tls_context(trust);
    o.tls_server_name = name;
    http_client client(url, o);
    return client.send({.target = "/", .timeout = std::chrono::seconds(10)});
}

struct handshake : ::testing::Test {
    temp_dir tmp;
    certificate_authority ca = certificate_authority::open_or_create(tmp.path() / "ca");
    tls_trust trust_ca{tls_trust::mode::ca_file, ca.cert_file()};
};

TEST_F(handshake, a_client_trusting_the_ca_gets_200_and_sends_no_sni_for_an_ip) {
    tls_server server(ca.issue({"127.0.0.1", "localhost"}));
    const auto reply = get(server.url(), trust_ca, "127.0.0.1");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.body, "ok");
    EXPECT_EQ(server.sni(), "");
    EXPECT_EQ(get(server.url(), trust_ca, "localhost").status, 200u);
    EXPECT_EQ(server.sni(), "localhost");
}

TEST_F(handshake, a_certificate_from_another_ca_is_refused) {
    temp_dir other_tmp;
    auto other = certificate_authority::open_or_create(other_tmp.path());
    tls_server server(other.issue({"127.0.0.1"}));
    try {
        get(server.url(), trust_ca, "127.0.0.1");
        ADD_FAILURE() << "an untrusted certificate was accepted";
    } catch (const transport_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("TLS"), std::string::npos) << what;
        EXPECT_NE(what.find("certificate"), std::string::npos) << what;
    }
}

TEST_F(handshake, verifying_nothing_accepts_any_certificate_and_name) {
    temp_dir other_tmp;
    auto other = certificate_authority::open_or_create(other_tmp.path());
    tls_server server(other.issue({"localhost"}));
    EXPECT_EQ(get(server.url(), {tls_trust::mode::none, {}}, "127.0.0.1").status, 200u);
}

TEST_F(handshake, a_certificate_for_another_name_is_refused) {
    tls_server server(ca.issue({"localhost"}));
    EXPECT_EQ(get(server.url(), trust_ca, "localhost").status, 200u);
    EXPECT_THROW(get(server.url(), trust_ca, "127.0.0.1"), transport_error);
}

TEST(tls_certs, an_unreadable_ca_file_is_an_error_naming_it) {
    const fs::path missing = fs::temp_directory_path() / "mxc-no-such-dir" / "ca.pem";
    try {
        client_tls_context({tls_trust::mode::ca_file, missing});
        ADD_FAILURE() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot read CA file " + missing.string()),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace mxc::net
