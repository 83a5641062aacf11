#include "bench/workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <latch>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace mxc::bench {

namespace {

using steady = std::chrono::steady_clock;
constexpr const char* password = "bench-password";

// Thread i's share when n things are dealt out to `threads` threads.
std::size_t share(std::size_t n, std::size_t threads, std::size_t i) {
    return n / threads + (i < n % threads);
}

std::string content(std::size_t seq, std::size_t payload_bytes) {
    const std::string pad(payload_bytes > 24 ? payload_bytes - 24 : 0, 'x');
    return fmt::format(R"({{"seq":{},"pad":"{}"}})", seq, pad);
}

// Runs work(i, client) on `threads` threads, each with a connection opened before the clock
// starts, all released together. The phase lasts from the first start to the last end.
double timed_parallel(const target& t, std::size_t threads,
                      const std::function<void(std::size_t, bench_client&)>& work) {
    std::latch ready(static_cast<std::ptrdiff_t>(threads));
    std::mutex m;
    std::exception_ptr failure;
    steady::time_point first = steady::time_point::max(), last = steady::time_point::min();
    std::vector<std::thread> pool;
    for (std::size_t i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            std::optional<bench_client> client;
            try {
                client.emplace(t.base_url);
                client->versions();  // opens the keep-alive connection outside the timed part
            } catch (...) {
                std::lock_guard lock(m);
                failure = std::current_exception();
            }
            // Every thread arrives, even a failed one, so nobody waits forever.
            ready.arrive_and_wait();
            if (!client) return;
            const auto start = steady::now();
            try {
                work(i, *client);
            } catch (...) {
                std::lock_guard lock(m);
                if (!failure) failure = std::current_exception();
            }
            const auto end = steady::now();
            std::lock_guard lock(m);
            first = std::min(first, start);
            last = std::max(last, end);
        });
    }
    for (auto& th : pool) th.join();
    if (failure) std::rethrow_exception(failure);
    return std::chrono::duration<double>(last - first).count();
}

}  // namespace

accounts create_accounts(const target& t, std::size_t threads) {
    bench_client c(t.base_url);
    accounts a;
    a.senders.push_back(c.register_user("bench-sender", password));
    while (a.senders.size() < threads + 1)
        a.senders.push_back(c.login(a.senders.front().user_id, password));
    a.recipients.push_back(c.register_user("bench-recipient", password));
    while (a.recipients.size() < fanout)
        a.recipients.push_back(c.login(a.recipients.front().user_id, password));
    a.poller = c.register_user("bench-poller", password);
    return a;
}

throughput send_one_device_per_request(const options& o, const target& t, const accounts& a) {
    throughput r{"send, 1 device per request", o.messages, o.messages, 0};
    r.seconds = timed_parallel(t, o.threads, [&](std::size_t i, bench_client& c) {
        const session& to = a.recipients[i % a.recipients.size()];
        for (std::size_t seq = 0, n = share(o.messages, o.threads, i); seq < n; ++seq) {
            c.send_to_device(a.senders[i], fmt::format("one-{}-{}", i, seq),
                             fmt::format(R"({{"messages":{{"{}":{{"{}":{}}}}}}})", to.user_id,
                                         to.device_id, content(seq, o.payload_bytes)));
        }
    });
    return r;
}

throughput send_fanout_requests(const options& o, const target& t, const accounts& a) {
    const std::size_t requests = std::max<std::size_t>(1, o.messages / fanout);
    throughput r{fmt::format("send, {} devices per request", fanout), requests * fanout, requests,
                 0};
    r.seconds = timed_parallel(t, o.threads, [&](std::size_t i, bench_client& c) {
        // The same body every time: building it is client work, not what is measured.
        std::string devices;
        for (const auto& d : a.recipients)
            devices += fmt::format(R"({}"{}":{})", devices.empty() ? "" : ",", d.device_id,
                                   content(i, o.payload_bytes));
        const std::string body =
            fmt::format(R"({{"messages":{{"{}":{{{}}}}}}})", a.recipients.front().user_id, devices);
        for (std::size_t k = 0, n = share(requests, o.threads, i); k < n; ++k)
            c.send_to_device(a.senders[i], fmt::format("fan-{}-{}", i, k), body);
    });
    return r;
}

throughput drain(const options& o, const target& t, std::string name,
                 std::span<const session> devices, std::size_t expected) {
    std::atomic<std::size_t> delivered{0}, requests{0};
    const double seconds = timed_parallel(t, o.threads, [&](std::size_t i, bench_client& c) {
        for (std::size_t d = i; d < devices.size(); d += o.threads) {
            // The first /sync lists without deleting; each later one acknowledges the batch before.
            std::optional<std::string> since;
            // A server that never deletes would list the same batch for ever: cap the rounds.
            for (std::size_t round = 0; round < expected + 2; ++round) {
                const auto batch = c.sync(devices[d], since, 0);
                ++requests;
                since = batch.next_batch;
                if (batch.events == 0) break;
                if ((delivered += batch.events) > expected)
                    throw std::runtime_error(
                        fmt::format("{}: more than the {} messages sent came out", name, expected));
            }
        }
    });
    if (delivered != expected)
        throw std::runtime_error(
            fmt::format("{}: {} of {} messages came out", name, delivered.load(), expected));
    return throughput{std::move(name), expected, requests.load(), seconds};
}

}  // namespace mxc::bench
