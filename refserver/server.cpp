#include "refserver/server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "matrix/base64.hpp"
#include "matrix/digest.hpp"
#include "matrix/errors.hpp"
#include "matrix/key_fetcher.hpp"
#include "net/http_server.hpp"
#include "net/tls_certs.hpp"
#include "refserver/federation_api.hpp"
#include "refserver/federation_sender.hpp"
#include "refserver/router.hpp"

namespace mxc::refserver {

namespace asio = net::asio;

namespace {

// The federation signing key, made on first start and kept in the database, so that peers that
// cached it still verify our requests after a restart. Stored as "<version> <seed base64>".
matrix::signing_key load_or_create_signing_key(store& db) {
    constexpr const char* meta_key = "federation_signing_key";
    if (auto stored = db.meta(meta_key)) {
        const auto space = stored->find(' ');
        if (space != std::string::npos)
            return matrix::signing_key::from_seed_base64(stored->substr(space + 1),
                                                         stored->substr(0, space));
    }
    auto key = matrix::signing_key::generate("r" + matrix::random_token(6));
    db.set_meta(meta_key, key.version() + " " + matrix::base64_encode(key.seed()));
    return key;
}

// A wildcard listen address is reached on loopback.
std::string reachable_host(const std::string& listen_host) {
    if (listen_host == "0.0.0.0") return "127.0.0.1";
    if (listen_host == "::") return "[::1]";
    return listen_host.find(':') != std::string::npos ? "[" + listen_host + "]" : listen_host;
}

net::server_options listener_options(const config& cfg) {
    net::server_options options;
    options.body_limit = cfg.max_body_bytes;
    options.on_refused = [](net::http::status status, const std::string& message) {
        const bool too_large = status == net::http::status::payload_too_large;
        return error_response(matrix::api_error(static_cast<unsigned>(status),
                                                too_large ? "M_TOO_LARGE" : "M_UNKNOWN", message));
    };
    return options;
}

unsigned short listen_on(net::http_server& http, const std::string& host, unsigned short port,
                         const char* what) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) throw std::runtime_error(fmt::format("{}: '{}' is not an IP address", what, host));
    try {
        return http.listen({address, port}).port();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error(
            fmt::format("cannot listen on {}:{}: {}", host, port, e.code().message()));
    }
}

}  // namespace

struct server::impl {
    config cfg;
    std::string db_path;
    bool temporary_db = false;
    std::unique_ptr<store> db;
    notifier wake;
    // Reset after the io_context, whose pending work refers to it, and before the store.
    std::unique_ptr<group_commit> commits;
    std::unique_ptr<server_state> state;
    std::unique_ptr<router> routes;
    // Federation (only when enabled): the key, the blocking work's threads, and both directions.
    std::optional<matrix::signing_key> signing_key;
    std::unique_ptr<asio::thread_pool> pool;
    std::unique_ptr<matrix::key_fetcher> keys;
    std::unique_ptr<federation_api> federation_routes;
    std::unique_ptr<federation_sender> sender;
    // Declared after what the handlers use, and reset first, so that pending coroutines are
    // destroyed while the store and notifier they refer to still exist.
    std::unique_ptr<asio::io_context> ioc;
    std::unique_ptr<net::http_server> http;
    std::unique_ptr<net::http_server> federation_http;
    std::thread thread;
    unsigned short port = 0;
    unsigned short federation_port = 0;
    bool running = false;

    explicit impl(config c) : cfg(std::move(c)) {}

    ~impl() {
        http.reset();
        federation_http.reset();
        // The pool's work ends by handing results to coroutines on the io_context: it must be
        // done before the io_context (and those coroutines) go.
        join_pool();
        ioc.reset();
        sender.reset();
        federation_routes.reset();
        keys.reset();
        pool.reset();
        routes.reset();
        state.reset();
        commits.reset();
        db.reset();
        if (temporary_db) {
            std::error_code ignored;
            for (const char* suffix : {"", "-wal", "-shm"})
                std::filesystem::remove(db_path + suffix, ignored);
        }
    }

    void open() {
        if (cfg.faults.has(fault::lose_on_restart)) {
            db_path = ":memory:";
        } else if (cfg.db_path.empty()) {
            auto pattern =
                (std::filesystem::temp_directory_path() / "mxconform-refserver-XXXXXX").string();
            const int fd = ::mkstemp(pattern.data());
            if (fd < 0)
                throw std::runtime_error("cannot create a temporary database file in " +
                                         std::filesystem::temp_directory_path().string());
            ::close(fd);
            db_path = pattern;
            temporary_db = true;
        } else {
            db_path = cfg.db_path;
        }
        commits.reset();  // it refers to the store it hooks into
        db = std::make_unique<store>(db_path);
        // Faults that keep part of the state in memory only: a fresh process starts without it.
        if (cfg.faults.has(fault::outbox_lost_on_restart)) db->clear_outbox();
        if (cfg.faults.has(fault::inbound_dedup_forgotten_on_restart)) db->forget_inbound();
        ioc = std::make_unique<asio::io_context>(1);
        commits = std::make_unique<group_commit>(*db, ioc->get_executor());

        // A client that leaves while its /sync long-polls frees it at once (issue 12); the
        // client API's only cancellable wait is that poll.
        auto client_options = listener_options(cfg);
        client_options.release_on_disconnect = &router::may_long_poll;
        http = std::make_unique<net::http_server>(
            *ioc, client_options, [this](net::request& req, const net::connection_info& conn) {
                return routes->handle(req, conn);
            });
        port = listen_on(*http, cfg.listen_host, cfg.listen_port, "--listen");
        const std::string host = cfg.listen_host.find(':') != std::string::npos
                                     ? "[" + cfg.listen_host + "]"
                                     : cfg.listen_host;
        std::string name =
            cfg.server_name.empty() ? fmt::format("{}:{}", host, port) : cfg.server_name;
        if (cfg.federation.enabled) {
            name = open_federation_listener();
            if (!cfg.server_name.empty()) name = cfg.server_name;
        }
        state = std::make_unique<server_state>(server_state{cfg, name, *db, wake, *commits, {}});
        routes = std::make_unique<router>(*state);
        if (cfg.federation.enabled) start_federation();
    }

    // Binds the TLS listener; returns the server name it implies ("<host>:<bound port>").
    std::string open_federation_listener() {
        const auto& fed = cfg.federation;
        auto options = listener_options(cfg);
        try {
            options.tls = net::server_tls_context(fed.tls);
        } catch (const std::exception& e) {
            throw std::runtime_error(fmt::format("federation TLS certificate: {}", e.what()));
        }
        federation_http = std::make_unique<net::http_server>(
            *ioc, options, [this](net::request& req, const net::connection_info& conn) {
                return federation_routes->handle(req, conn);
            });
        federation_port =
            listen_on(*federation_http, fed.listen_host, fed.listen_port, "--federation-listen");
        return fmt::format("{}:{}", reachable_host(fed.listen_host), federation_port);
    }

    void start_federation() {
        const auto& fed = cfg.federation;
        auto tls = net::client_tls_context(fed.trust);
        signing_key = load_or_create_signing_key(*db);
        // Two threads: blocking requests (key fetches, outbound transactions) wait on peers,
        // not on the CPU; one stalled peer leaves the other thread free.
        pool = std::make_unique<asio::thread_pool>(2);
        net::client_options fetch_options;
        fetch_options.connect_timeout = fed.request_timeout;
        fetch_options.tls = tls;
        keys = std::make_unique<matrix::key_fetcher>(
            fetch_options, fed.resolve
                               ? fed.resolve
                               : matrix::federation_resolver(matrix::default_federation_url));
        federation_routes = std::make_unique<federation_api>(*state, *signing_key, *keys, *pool);
        sender = std::make_unique<federation_sender>(*state, *signing_key, ioc->get_executor(),
                                                     *pool, tls);
        state->outbox_filled = [this](const std::string& destination) {
            sender->wake(destination);
        };
        // What a previous run left in the outbox goes out as soon as the server runs.
        asio::post(*ioc, [this] { sender->start(); });
    }

    // Stops accepting and serving; runs on the io_context's thread.
    void halt() {
        http->stop();
        if (federation_http) federation_http->stop();
        ioc->stop();
    }

    // Waits for the blocking work in flight (each piece ends within its own timeout).
    void join_pool() {
        if (pool) pool->join();
    }
};

server::server(config cfg) : impl_(std::make_unique<impl>(std::move(cfg))) {}

server::~server() {
    stop();
}

void server::start() {
    if (impl_->running) return;
    impl_->open();
    impl_->running = true;
    impl_->thread = std::thread([this] { impl_->ioc->run(); });
}

void server::stop() {
    if (!impl_->running) return;
    asio::post(*impl_->ioc, [this] { impl_->halt(); });
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->join_pool();
    impl_->running = false;
}

void server::restart() {
    stop();
    // What the next process would be configured with: the ports bound and the name taken now.
    config again = impl_->cfg;
    again.listen_port = impl_->port;
    again.server_name = impl_->state->server_name;
    again.federation.listen_port = impl_->federation_port;
    if (impl_->db_path != ":memory:") again.db_path = impl_->db_path;
    // The temporary database outlives this impl and goes with the next one.
    const bool temporary = std::exchange(impl_->temporary_db, false);
    impl_.reset();  // closes the store and every connection before the ports are bound again
    impl_ = std::make_unique<impl>(std::move(again));
    impl_->temporary_db = temporary;
    start();
}

void server::run_until_signal(const std::function<void()>& ready) {
    impl_->open();
    impl_->running = true;
    asio::signal_set signals(*impl_->ioc, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code&, int) { impl_->halt(); });
    if (ready) ready();
    impl_->ioc->run();
    impl_->join_pool();
    impl_->running = false;
}

unsigned short server::port() const {
    return impl_->port;
}

std::size_t server::open_client_connections() const {
    return impl_->http ? impl_->http->open_connections() : 0;
}

std::string server::base_url() const {
    return fmt::format("http://{}:{}", reachable_host(impl_->cfg.listen_host), impl_->port);
}

const std::string& server::server_name() const {
    return impl_->state->server_name;
}

unsigned short server::federation_port() const {
    return impl_->federation_port;
}

std::string server::federation_url() const {
    if (!impl_->federation_http) return {};
    return fmt::format("https://{}:{}", reachable_host(impl_->cfg.federation.listen_host),
                       impl_->federation_port);
}

}  // namespace mxc::refserver
