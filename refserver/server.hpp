// The embedded reference homeserver: owns its io_context, its thread and its store.
// `mxconform serve` runs one in the foreground; tests and `mxconform run` embed one.
#pragma once

#include <functional>
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

    // Opens the store, binds (both listeners with federation on), and serves on a thread of its
    // own; with federation on, EDUs a previous run left in the outbox are sent. Throws with a
    // clear message when the database cannot be opened, an address cannot be bound, or the
    // TLS material is unusable.
    void start();
    // Stops serving and joins the thread; idempotent. Waits for an outbound request in flight
    // (at most federation.request_timeout); senders waiting to retry are abandoned.
    void stop();
    // Stops and starts again on the same database, ports and server name, as a restart of the
    // process would (issue 10, "Target restarts"): what the store holds survives (accounts,
    // tokens, queued messages, the outbox, inbound deduplication); connections and senders
    // waiting to retry do not. Throws as start() does.
    void restart();
    // Serves on the calling thread until SIGINT or SIGTERM (for `serve`); ready, if given, is
    // called once the listeners are bound (port(), server_name() and so on are then known).
    void run_until_signal(const std::function<void()>& ready = {});

    unsigned short port() const;
    // Connections open on the client API now (any thread may ask).
    std::size_t open_client_connections() const;
    std::string base_url() const;  // "http://127.0.0.1:PORT"
    const std::string& server_name() const;
    // The federation listener (config::federation.enabled); 0 and "" when off.
    unsigned short federation_port() const;
    std::string federation_url() const;  // "https://127.0.0.1:PORT"

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace mxc::refserver
