// The mock remote homeserver's handler (matrix/mock_remote, mock_routes): the input as HTTP
// requests a target might send it, handed to the handler in-process (mock_remote::handle; the
// mock's own listener stays idle). The target's keys are not checked (no target_keys), so a
// request with any Authorization header reaches the routes. Its first transactions are answered
// as the cues a case can give (500, a drop, a hold). Every request is answered or dropped on
// purpose, never a crash.
#include "matrix/mock_remote.hpp"
#include "fuzz_support.hpp"

using namespace mxc;

namespace {

// Starting a mock (key, certificate, listener, thread) costs about as much as thousands of
// requests: one mock serves 256 inputs, then a fresh one, so what it records stays bounded.
// An input may therefore meet a txnId an earlier one sent (a replay): a branch, never a crash.
struct mock_pool {
    // Before the mock: its verifier threads still hold the io_context until the mock stops.
    net::asio::io_context ioc;
    std::unique_ptr<matrix::mock_remote> mock;
    int served = 0;

    matrix::mock_remote& next() {
        static const auto ca =
            net::certificate_authority::open_or_create(fuzz::scratch_dir() / "ca");
        if (!mock || ++served % 256 == 0) {
            mock.reset();
            matrix::mock_options options;
            options.ca = &ca;
            options.target_server_name = "target.test";
            options.hold_for = std::chrono::milliseconds(0);
            options.allowed = {"/_matrix/federation/v1/query/"};
            mock = std::make_unique<matrix::mock_remote>(options);
            mock->start();
            mock->add_device("@bob:" + mock->server_name(), "BOB");
        }
        mock->answer_normally();
        mock->fail_next(matrix::mock_failure::status_500, 1);
        mock->fail_next(matrix::mock_failure::drop, 1);
        mock->fail_next(matrix::mock_failure::time_out, 1);
        return *mock;
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static mock_pool pool;
    auto bytes = fuzz::text(data, size);
    auto& mock = pool.next();
    auto& ioc = pool.ioc;
    const auto before = mock.requests().size();
    for (int i = 0; i < 16; ++i) {
        auto req = fuzz::next_message<true>(bytes);
        if (!req) break;
        ioc.restart();  // run() and a released work guard leave it stopped
        bool done = false;
        net::asio::co_spawn(ioc, mock.handle(*req), [&](std::exception_ptr e, net::response res) {
            done = true;
            if (!e) {
                fuzz::require(res.result_int() >= 200 && res.result_int() < 600, "an HTTP status");
                return;
            }
            try {
                std::rethrow_exception(e);
            } catch (const net::drop_connection&) {
                // A drop on cue.
            }
        });
        // The signature check runs on the mock's verifier threads and posts back.
        auto guard = net::asio::make_work_guard(ioc);
        while (!done) ioc.run_one();
    }
    const auto seen = mock.requests();
    fuzz::require(seen.size() - before <= 16, "one record per request");
    for (const auto& r : seen)
        fuzz::require(r.status != 0 || !r.answer.empty(), "each request's fate is recorded");
    matrix::direct_to_device_edus(mock.transactions());
    return 0;
}
