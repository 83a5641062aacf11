// The latency phase of workload.hpp: one device long-polls, another sends it one message, and
// the time from issuing the send to holding the woken /sync's response is the figure.
#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "bench/parked_poll.hpp"
#include "bench/workload.hpp"

namespace mxc::bench {

namespace {

using steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

double ms_between(steady::time_point a, steady::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct round_trip {
    double wake_ms = 0;  // send issued → poll response read
    double send_ms = 0;  // send issued → send's 200 read
    std::string next_batch;
};

// One long-poll, parked, then woken by one message from `sender`.
class wake_loop {
  public:
    wake_loop(const target& t, const session& sender, const session& poller)
        : client_(t.base_url), poll_(t.port), sender_(sender), poller_(poller) {
        // An initial /sync gives the first token; the poller's queue is empty, so it answers at
        // once.
        since_ = client_.sync(poller_, std::nullopt, 0).next_batch;
    }

    round_trip round(std::size_t seq, milliseconds poll_timeout) {
        poll_.send(fmt::format("/_matrix/client/v3/sync?timeout={}&since={}", poll_timeout.count(),
                               url_encode(since_)),
                   poller_.access_token);
        std::string body;
        steady::time_point received;
        std::exception_ptr failure;
        // Reads on its own thread so the wake-up is timed when it arrives, not after the send
        // returns.
        std::thread reader([&] {
            try {
                body = poll_.receive(poll_timeout + request_timeout);
                received = steady::now();
            } catch (...) {
                failure = std::current_exception();
            }
        });
        steady::time_point issued, accepted;
        try {
            // The server is one thread that runs ready work in order: the poll's request was in
            // its socket before the first /versions was sent, so by the time the second is
            // answered the poll has been read and parked. check_parking() proves it.
            client_.versions();
            client_.versions();
            issued = steady::now();
            client_.send_to_device(sender_, fmt::format("wake-{}-{}", poll_timeout.count(), seq),
                                   fmt::format(R"({{"messages":{{"{}":{{"{}":{{"seq":{}}}}}}}}})",
                                               poller_.user_id, poller_.device_id, seq));
            accepted = steady::now();
        } catch (...) {
            reader.join();  // bounded: the poll ends at its own timeout
            throw;
        }
        reader.join();
        if (failure) std::rethrow_exception(failure);
        const auto reply = nlohmann::json::parse(body);
        const auto events = reply.at("to_device").at("events").size();
        if (events != 1)
            throw std::runtime_error(fmt::format(
                "wake-up {}: the long-poll returned {} events, not the 1 sent", seq, events));
        since_ = reply.at("next_batch").get<std::string>();
        return {ms_between(issued, received), ms_between(issued, accepted), since_};
    }

    // Acknowledges the last message, leaving the queue empty.
    void finish() { client_.sync(poller_, since_, 0); }

  private:
    bench_client client_;
    parked_poll poll_;
    const session& sender_;
    const session& poller_;
    std::string since_;
};

}  // namespace

wake_up_figures measure_wake_up(const options& o, const target& t, const session& sender,
                                const session& poller) {
    wake_loop loop(t, sender, poller);
    std::vector<double> wake_ms, send_ms;
    for (std::size_t i = 0; i < o.iterations; ++i) {
        const auto r = loop.round(i, milliseconds(30'000));
        wake_ms.push_back(r.wake_ms);
        send_ms.push_back(r.send_ms);
    }
    loop.finish();
    return {summarize(std::move(wake_ms)), summarize(std::move(send_ms)), {}};
}

parking_check check_parking(const target& no_wake_server, std::size_t rounds) {
    // On a server that never wakes a poll, a poll parked before the send answers only at its
    // timeout; one that had not been read yet would find the message at once.
    constexpr milliseconds timeout{400};
    bench_client c(no_wake_server.base_url);
    const auto sender = c.register_user("bench-check-sender", "bench-password");
    const auto poller = c.register_user("bench-check-poller", "bench-password");
    wake_loop loop(no_wake_server, sender, poller);
    parking_check result;
    for (std::size_t i = 0; i < rounds; ++i) {
        ++result.rounds;
        if (loop.round(i, timeout).wake_ms >= static_cast<double>(timeout.count()) / 2)
            ++result.parked;
    }
    loop.finish();
    return result;
}

}  // namespace mxc::bench
