#include "refserver/server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "matrix/errors.hpp"
#include "net/http_server.hpp"
#include "refserver/router.hpp"

namespace mxc::refserver {

namespace asio = net::asio;

struct server::impl {
    config cfg;
    std::string db_path;
    bool temporary_db = false;
    std::unique_ptr<store> db;
    notifier wake;
    std::unique_ptr<server_state> state;
    std::unique_ptr<router> routes;
    // Declared after what the handlers use, and reset first, so that pending coroutines are
    // destroyed while the store and notifier they refer to still exist.
    std::unique_ptr<asio::io_context> ioc;
    std::unique_ptr<net::http_server> http;
    std::thread thread;
    unsigned short port = 0;
    bool running = false;

    explicit impl(config c) : cfg(std::move(c)) {}

    ~impl() {
        http.reset();
        ioc.reset();
        routes.reset();
        state.reset();
        db.reset();
        if (temporary_db) {
            std::error_code ignored;
            for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix, ignored);
        }
    }

    void open() {
        if (cfg.faults.has(fault::lose_on_restart)) {
            db_path = ":memory:";
        } else if (cfg.db_path.empty()) {
            auto pattern = (std::filesystem::temp_directory_path() / "mxconform-refserver-XXXXXX").string();
            const int fd = ::mkstemp(pattern.data());
            if (fd < 0) throw std::runtime_error("cannot create a temporary database file in " +
                                                 std::filesystem::temp_directory_path().string());
            ::close(fd);
            db_path = pattern;
            temporary_db = true;
        } else {
            db_path = cfg.db_path;
        }
        db = std::make_unique<store>(db_path);
        ioc = std::make_unique<asio::io_context>(1);

        net::server_options options;
        options.body_limit = cfg.max_body_bytes;
        options.on_refused = [](net::http::status status, const std::string& message) {
            const bool too_large = status == net::http::status::payload_too_large;
            return error_response(matrix::api_error(static_cast<unsigned>(status),
                                                    too_large ? "M_TOO_LARGE" : "M_UNKNOWN", message));
        };
        http = std::make_unique<net::http_server>(*ioc, options,
                                                  [this](net::request& req, const net::connection_info& conn) {
                                                      return routes->handle(req, conn);
                                                  });
        boost::system::error_code ec;
        auto address = asio::ip::make_address(cfg.listen_host, ec);
        if (ec) throw std::runtime_error(fmt::format("--listen: '{}' is not an IP address", cfg.listen_host));
        try {
            port = http->listen({address, cfg.listen_port}).port();
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error(
                fmt::format("cannot listen on {}:{}: {}", cfg.listen_host, cfg.listen_port, e.code().message()));
        }
        const std::string host = address.is_v6() ? "[" + cfg.listen_host + "]" : cfg.listen_host;
        state = std::make_unique<server_state>(
            server_state{cfg, cfg.server_name.empty() ? fmt::format("{}:{}", host, port) : cfg.server_name, *db, wake});
        routes = std::make_unique<router>(*state);
    }
};

server::server(config cfg) : impl_(std::make_unique<impl>(std::move(cfg))) {}

server::~server() { stop(); }

void server::start() {
    if (impl_->running) return;
    impl_->open();
    impl_->running = true;
    impl_->thread = std::thread([this] { impl_->ioc->run(); });
}

void server::stop() {
    if (!impl_->running) return;
    asio::post(*impl_->ioc, [this] {
        impl_->http->stop();
        impl_->ioc->stop();
    });
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->running = false;
}

void server::run_until_signal() {
    impl_->open();
    impl_->running = true;
    asio::signal_set signals(*impl_->ioc, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code&, int) {
        impl_->http->stop();
        impl_->ioc->stop();
    });
    impl_->ioc->run();
    impl_->running = false;
}

unsigned short server::port() const { return impl_->port; }

std::string server::base_url() const {
    return fmt::format("http://{}:{}", impl_->cfg.listen_host == "0.0.0.0" ? "127.0.0.1" : impl_->cfg.listen_host,
                       impl_->port);
}

const std::string& server::server_name() const { return impl_->state->server_name; }

}  // namespace mxc::refserver
