// The embedded reference homeserver: owns its io_context, its thread and its store.
// `mxconform serve` runs one in the foreground; tests and `mxconform run` embed one.
#pragma once

#include <memory>
#include <string>

#include "refserver/config.hpp"

namespace mxc::refserver {

class server {
public:
    explicit server(config cfg);
    ~server();  // stops if running
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Opens the store, binds, and serves on a thread of its own. Throws with a clear message
    // when the database cannot be opened or the address cannot be bound.
    void start();
    // Stops serving and joins the thread; idempotent.
    void stop();
    // Serves on the calling thread until SIGINT or SIGTERM (for `serve`).
    void run_until_signal();

    unsigned short port() const;
    std::string base_url() const;  // "http://127.0.0.1:PORT"
    const std::string& server_name() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace mxc::refserver
