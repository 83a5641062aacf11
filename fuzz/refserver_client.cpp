// The reference server's client API (refserver/router): the input as HTTP requests, one after
// the other on a fresh server, each handed to the router's handler in-process as the listener
// would hand it over (no sockets). Two users with a device and a token each are there already,
// so the authenticated endpoints are reachable. Every request must be answered, never crash.
#include "fuzz_support.hpp"
#include "refserver/router.hpp"

using namespace mxc;
using namespace mxc::refserver;

namespace {

// One fresh server: its store in memory, as the lose-on-restart fault keeps it; its sends are
// committed on the executor the requests run on, as `serve`'s are.
struct fresh_server {
    config cfg;
    store db{":memory:"};
    notifier wake;
    group_commit commits;
    server_state state{cfg, "fuzz.test", db, wake, commits, {}};
    router routes{state};

    explicit fresh_server(net::asio::any_io_executor executor) : commits(db, executor) {
        // A /sync that waits ends at once: the fuzzer is after what the server does, not when.
        cfg.max_sync_timeout = std::chrono::milliseconds(1);
        // Every answered request is logged (with access tokens redacted), as `serve` does.
        cfg.log = [](const std::string&) {};
        for (const char* user : {"alice", "bob"}) {
            const std::string id = std::string("@") + user + ":fuzz.test";
            db.create_user(id, "", false);
            db.add_token(std::string("token_") + user, db.create_device(id, "DEVICE", "").row);
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto bytes = fuzz::text(data, size);
    // Before the server: each run() below ends with no work left, so nothing of the server's
    // is pending when it goes.
    net::asio::io_context ioc;
    fresh_server server{ioc.get_executor()};
    const net::connection_info conn{{net::asio::ip::make_address("127.0.0.1"), 40000}, false};
    for (int i = 0; i < 16; ++i) {
        auto req = fuzz::next_message<true>(bytes);
        if (!req) break;
        ioc.restart();  // run() and a released work guard leave it stopped
        bool answered = false;
        net::asio::co_spawn(
            ioc, server.routes.handle(*req, conn), [&](std::exception_ptr e, net::response res) {
                if (e) std::rethrow_exception(e);
                fuzz::require(res.result_int() >= 200 && res.result_int() < 600, "an HTTP status");
                answered = true;
            });
        ioc.run();
        fuzz::require(answered, "every request is answered");
    }
    return 0;
}
