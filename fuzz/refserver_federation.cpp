// The reference server's federation API (refserver/federation_api): the input as HTTP requests
// to the federation listener's handler, in-process (no sockets, no TLS). No origin's keys can be
// fetched here (the resolver refuses), so a request's X-Matrix header is parsed and checked and
// then believed under the no-inbound-auth fault: the fuzzer reaches the transaction code behind
// the authentication. Every request must be answered, never crash.
#include "fuzz_support.hpp"
#include "refserver/federation_api.hpp"

using namespace mxc;
using namespace mxc::refserver;

namespace {

struct fresh_server {
    config cfg;
    store db{":memory:"};
    notifier wake;
    group_commit commits;
    server_state state{cfg, "fuzz.test", db, wake, commits, {}};
    matrix::signing_key key = matrix::signing_key::from_seed(std::string(32, '\x03'), "fuzz");
    matrix::key_fetcher keys{
        net::client_options{}, [](std::string_view name) -> std::string {
            throw matrix::key_fetch_error("no keys of " + std::string(name) + " while fuzzing");
        }};
    net::asio::thread_pool pool{1};
    federation_api api{state, key, keys, pool};

    explicit fresh_server(net::asio::any_io_executor executor) : commits(db, executor) {
        cfg.faults.enable(fault::no_inbound_auth);
        cfg.log = [](const std::string&) {};
        db.create_user("@alice:fuzz.test", "", false);
        db.create_device("@alice:fuzz.test", "DEVICE", "Alice's phone");
    }
    ~fresh_server() { pool.join(); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto bytes = fuzz::text(data, size);
    // Before the server: its pool's threads still hold the io_context until the pool is joined.
    net::asio::io_context ioc;
    fresh_server server{ioc.get_executor()};
    const net::connection_info conn{{net::asio::ip::make_address("127.0.0.1"), 40000}, true};
    for (int i = 0; i < 16; ++i) {
        auto req = fuzz::next_message<true>(bytes);
        if (!req) break;
        ioc.restart();  // run() and a released work guard leave it stopped
        bool answered = false;
        net::asio::co_spawn(
            ioc, server.api.handle(*req, conn), [&](std::exception_ptr e, net::response res) {
                if (e) std::rethrow_exception(e);
                fuzz::require(res.result_int() >= 200 && res.result_int() < 600, "an HTTP status");
                answered = true;
            });
        // The key lookup runs on the pool and posts back: run until the answer is in.
        auto guard = net::asio::make_work_guard(ioc);
        while (!answered) ioc.run_one();
    }
    return 0;
}
