// long_poll: a /sync waits at the server while other steps run; the case learns whether the
// waiting request wakes when a message arrives, and how soon (SyTest's wake-up tests, with
// a latency bound instead of "before the test's own timeout").
#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "steps/sync_call.hpp"

namespace mxc::steps {

namespace {

void long_poll(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const json until = w.substitute(
        c.args.contains("until") ? c.args["until"] : c.args.value("expect", json::object()));
    const auto poll_timeout = arg_int(w, c, "timeout_ms", 10'000);
    const auto bound = w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "within_ms", 1'000)));
    const std::string since = arg_string(w, c, "since");
    if (since.empty()) throw core::harness_error(describe(c) + ": a long-poll needs `since`");

    step_call poll = c;
    poll.args["poll_ms"] = poll_timeout;
    auto via = w.extra_client(who);
    // Open the poll's connection first: a request on a fresh connection can reach the server
    // after one sent later on a connection that is already open.
    try {
        via->call(net::http::verb::get, w.env().client_path("/account/whoami"), {},
                  w.run().scaled(w.env().target().request_timeout));
    } catch (const net::transport_error& e) {
        throw core::harness_error(std::string("no answer from the target: ") + e.what());
    }

    std::mutex m;
    std::condition_variable cv;
    bool written = false, finished = false;
    std::atomic<bool> during_done{false};
    int responses = 0;
    sync_progress p;
    std::exception_ptr failure;
    const auto overall = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(poll_timeout) +
                         w.run().scaled(std::chrono::milliseconds(10'000));
    std::thread poller([&] {
        try {
            sync_hooks hooks;
            hooks.on_first_written = [&] {
                std::lock_guard lock(m);
                written = true;
                cv.notify_all();
            };
            hooks.on_response = [&] {
                std::lock_guard lock(m);
                ++responses;
                cv.notify_all();
            };
            hooks.sends_done = [&] { return during_done.load(); };
            p = sync_until_satisfied(w, poll, who, since, until, overall, via.get(), hooks);
        } catch (...) {
            failure = std::current_exception();
        }
        std::lock_guard lock(m);
        finished = true;
        cv.notify_all();
    });

    // The other steps start once the server is seen holding the poll: its request is on the
    // wire and no answer has come for `settle_ms`. Two requests on two connections can be
    // read in either order, so without this a server that never wakes a poll could still
    // pass (the poll would find the message already there).
    const auto settle = w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "settle_ms", 100)));
    {
        std::unique_lock lock(m);
        const bool sent = cv.wait_for(lock, w.run().scaled(w.env().target().request_timeout),
                                      [&] { return written || finished; });
        if (!sent)
            w.run().log().note(
                "the long-poll request was not sent in time; running the steps anyway");
        const auto start = std::chrono::steady_clock::now();
        const bool answered = cv.wait_for(lock, settle, [&] { return responses > 0 || finished; });
        core::wait_record rec;
        rec.t_ms = w.run().log().now_ms();
        rec.what = who.name + "'s /sync is held by the server (no answer yet)";
        rec.bound_ms = static_cast<double>(settle.count());
        rec.waited_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        rec.satisfied = !answered;
        if (answered)
            rec.detail =
                "the server answered the poll before anything was sent; it is polled again";
        w.run().log().add(std::move(rec));
    }
    const auto sent_at = std::chrono::steady_clock::now();
    std::exception_ptr during_failure;
    try {
        for (const auto& child : c.children) run_step(w, child);
    } catch (...) {
        during_failure = std::current_exception();
    }
    during_done = true;
    poller.join();
    if (during_failure) std::rethrow_exception(during_failure);
    if (failure) std::rethrow_exception(failure);

    const double waited = std::chrono::duration<double, std::milli>(p.last_at - sent_at).count();
    narrate_wait(w, c, who.name + "'s waiting /sync returns with " + match::brief(until, 200),
                 until, p, static_cast<double>(poll_timeout), waited);
    w.run().metric("wake_latency_ms", waited);
    w.run().require(
        waited <= static_cast<double>(bound.count()),
        fmt::format("{}: the waiting /sync returns soon after the message is sent", describe(c)),
        fmt::format("within {} ms of the send", bound.count()),
        fmt::format("{:.0f} ms after the send (the poll's own timeout was {} ms)", waited,
                    poll_timeout),
        c.where.str());
    save_from(w, c, p.last);
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration long_poll_step{
    {"long_poll",
     {"as", "since", "during"},
     {"until", "expect", "timeout_ms", "within_ms", "settle_ms", "save", "prefix"},
     "a /sync long-poll waits while `during` runs; it must return with `until` "
     "within `within_ms`",
     long_poll,
     {"during"}}};

}  // namespace mxc::steps
