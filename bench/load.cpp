#include "bench/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bench/bench_client.hpp"
#include "net/http_client.hpp"

namespace mxc::bench {

namespace {

using json = nlohmann::json;
using steady = std::chrono::steady_clock;
constexpr const char* password = "load-password";
// Bounds every wait of the mode: for the server to come back, for a phase's count, for the
// devices to drain. A healthy run on a loaded 2-core machine needs a fraction of it.
constexpr std::chrono::seconds patience{120};

std::array<std::size_t, load_devices_per_request> targets(std::size_t sender) {
    return {sender % load_devices, (sender + 1) % load_devices, (sender + 3) % load_devices};
}

// The server's generation: bumped when it answers again after the kill. A client whose
// request failed waits for the generation after the one it sent in.
class restart_gate {
  public:
    int current() {
        std::lock_guard lock(m_);
        return generation_;
    }
    bool wait_past(int seen, steady::time_point deadline) {
        std::unique_lock lock(m_);
        return changed_.wait_until(lock, deadline, [&] { return generation_ > seen; });
    }
    void reopened() {
        {
            std::lock_guard lock(m_);
            ++generation_;
        }
        changed_.notify_all();
    }

  private:
    std::mutex m_;
    std::condition_variable changed_;
    int generation_ = 0;
};

struct sender_record {
    std::size_t next_seq = 0;         // every seq below was answered or abandoned
    std::set<std::size_t> abandoned;  // left unanswered by the kill, not retried
    std::size_t retried = 0;          // left unanswered by the kill, then retried
};

class load_run {
  public:
    load_run(const load_options& o, serve_child& server) : o_(o), server_(server) {}

    load_figures run() {
        make_accounts();
        std::vector<std::thread> threads;
        for (std::size_t d = 0; d < load_devices; ++d)
            threads.emplace_back([this, d] { receive(d); });
        const auto start = steady::now();
        for (std::size_t i = 0; i < o_.senders; ++i) threads.emplace_back([this, i] { send(i); });

        const auto half = o_.requests / 2;
        if (wait_for_answers(half)) {
            figures_.answered_before_kill = answered_.load();
            const auto killed = steady::now();
            figures_.seconds_before_kill = std::chrono::duration<double>(killed - start).count();
            server_.kill9();
            server_.start();
            const auto back = steady::now();
            figures_.restart_seconds = std::chrono::duration<double>(back - killed).count();
            gate_.reopened();
            wait_for_answers(o_.requests);
            figures_.answered_after_restart = answered_.load() - figures_.answered_before_kill;
            figures_.seconds_after_restart =
                std::chrono::duration<double>(steady::now() - back).count();
        }
        stop_ = true;
        for (auto& t : threads) t.join();
        check();
        return std::move(figures_);
    }

  private:
    bool wait_for_answers(std::size_t n) {
        std::unique_lock lock(m_);
        const bool reached = progress_.wait_until(
            lock, steady::now() + patience, [&] { return answered_.load() >= n || stop_.load(); });
        if (!reached)
            violation(fmt::format("only {} of {} requests answered within {} s", answered_.load(),
                                  n, patience.count()));
        return reached && answered_.load() >= n;
    }

    void violation(std::string what) {
        std::lock_guard lock(m_);
        if (figures_.violations.size() < 20) figures_.violations.push_back(std::move(what));
        stop_ = true;
        failed_ = true;
        progress_.notify_all();
    }

    void make_accounts() {
        bench_client c(server_.base_url());
        senders_.push_back(c.register_user("load-sender", password));
        while (senders_.size() < o_.senders)
            senders_.push_back(c.login(senders_.front().user_id, password));
        for (std::size_t u = 0; u < load_devices / 2; ++u) {
            devices_.push_back(c.register_user(fmt::format("load-rcpt-{}", u), password));
            devices_.push_back(c.login(devices_.back().user_id, password));
        }
        records_.resize(o_.senders);
        received_.resize(load_devices, std::vector<std::vector<std::size_t>>(o_.senders));
    }

    std::string body(std::size_t sender, const json& content) const {
        json messages = json::object();
        for (auto d : targets(sender))
            messages[devices_[d].user_id][devices_[d].device_id] = content;
        return json{{"messages", std::move(messages)}}.dump();
    }

    // Sends seq 0, 1, 2, ... until stopped. A transport failure is the kill: even senders send
    // the same request again (same txnId) once the server is back, odd ones move on.
    void send(std::size_t i) {
        bench_client c(server_.base_url());
        auto& rec = records_[i];
        const std::string pad(o_.payload_bytes > 24 ? o_.payload_bytes - 24 : 0, 'x');
        const auto deadline = steady::now() + 2 * patience;
        while (!stop_) {
            const int generation = gate_.current();
            try {
                c.send_to_device(senders_[i], fmt::format("load-{}-{}", i, rec.next_seq),
                                 body(i, {{"s", i}, {"q", rec.next_seq}, {"pad", pad}}));
                ++rec.next_seq;
                if (++answered_ % 64 == 0) {
                    std::lock_guard lock(m_);  // so the waiter cannot miss it
                    progress_.notify_all();
                }
            } catch (const net::transport_error&) {
                if (!gate_.wait_past(generation, deadline))
                    return violation(fmt::format("sender {}: transport error, no restart", i));
                c = bench_client(server_.base_url());
                if (i % 2 == 1)
                    rec.abandoned.insert(rec.next_seq++);
                else
                    ++rec.retried;
            } catch (const std::exception& e) {
                return violation(fmt::format("sender {}: {}", i, e.what()));
            }
        }
        {
            std::lock_guard lock(m_);
            progress_.notify_all();
        }
        // The end marker is the sentinel: once a device has it from every sender that writes to
        // it, whatever those senders stored has been listed before it.
        try {
            c.send_to_device(senders_[i], fmt::format("load-end-{}", i),
                             body(i, {{"s", i}, {"end", true}}));
        } catch (const std::exception& e) {
            violation(fmt::format("sender {}: end marker: {}", i, e.what()));
        }
    }

    // Long-polls device d, acknowledging as it goes, until every sender's end marker is in.
    void receive(std::size_t d) {
        bench_client c(server_.base_url());
        std::size_t writers = 0;
        for (std::size_t i = 0; i < o_.senders; ++i)
            for (auto t : targets(i)) writers += t == d;
        std::size_t ends = 0;
        std::optional<std::string> since;
        const auto deadline = steady::now() + 2 * patience;
        while (ends < writers && !failed_) {
            if (steady::now() > deadline)
                return violation(fmt::format("device {}: {} of {} end markers by the deadline", d,
                                             ends, writers));
            const int generation = gate_.current();
            json batch;
            try {
                batch = c.sync_body(devices_[d], since, 1'000);
            } catch (const net::transport_error&) {
                if (!gate_.wait_past(generation, deadline))
                    return violation(fmt::format("device {}: transport error, no restart", d));
                c = bench_client(server_.base_url());
                continue;
            } catch (const std::exception& e) {
                return violation(fmt::format("device {}: {}", d, e.what()));
            }
            since = batch.at("next_batch").get<std::string>();
            for (const auto& e : batch.at("to_device").at("events")) {
                const auto& content = e.at("content");
                const auto s = content.at("s").get<std::size_t>();
                if (s >= o_.senders) return violation(fmt::format("device {}: sender {}", d, s));
                if (content.contains("end"))
                    ++ends;
                else
                    received_[d][s].push_back(content.at("q").get<std::size_t>());
            }
        }
    }

    // Per sender→device pair: strictly increasing (in order, no duplicate), every answered seq,
    // nothing that was not sent; nothing at all for a pair the sender never wrote to.
    void check() {
        for (std::size_t i = 0; i < o_.senders; ++i) {
            const auto& rec = records_[i];
            figures_.unanswered_abandoned += rec.abandoned.size();
            figures_.unanswered_retried += rec.retried;
            const auto t = targets(i);
            std::set<std::size_t> abandoned_seen;
            for (std::size_t d = 0; d < load_devices; ++d) {
                const auto& got = received_[d][i];
                figures_.delivered += got.size();
                const std::string pair = fmt::format("sender {} → device {}", i, d);
                if (std::find(t.begin(), t.end(), d) == t.end()) {
                    if (!got.empty()) violation(pair + ": messages it was never sent");
                    continue;
                }
                std::size_t expected = 0;  // the next answered seq the pair must show
                for (std::size_t k = 0; k < got.size(); ++k) {
                    if (k > 0 && got[k] <= got[k - 1]) {
                        violation(fmt::format("{}: seq {} after {}", pair, got[k], got[k - 1]));
                        break;
                    }
                    while (rec.abandoned.contains(expected)) ++expected;
                    if (rec.abandoned.contains(got[k])) {
                        abandoned_seen.insert(got[k]);
                    } else if (got[k] != expected) {
                        violation(got[k] >= rec.next_seq
                                      ? fmt::format("{}: seq {} was never sent", pair, got[k])
                                      : fmt::format("{}: seq {} missing", pair, expected));
                        break;
                    } else {
                        ++expected;
                    }
                }
                while (rec.abandoned.contains(expected)) ++expected;
                if (expected < rec.next_seq)
                    violation(fmt::format("{}: answered seqs from {} to {} missing", pair, expected,
                                          rec.next_seq - 1));
            }
            figures_.abandoned_delivered += abandoned_seen.size();
        }
    }

    const load_options& o_;
    serve_child& server_;
    std::vector<session> senders_, devices_;
    std::vector<sender_record> records_;                           // [sender]
    std::vector<std::vector<std::vector<std::size_t>>> received_;  // [device][sender] → seqs
    restart_gate gate_;
    std::atomic<std::size_t> answered_{0};
    std::atomic<bool> stop_{false};
    std::atomic<bool> failed_{false};  // a violation: the devices stop waiting too
    std::mutex m_;
    std::condition_variable progress_;
    load_figures figures_;
};

}  // namespace

load_figures run_load(const load_options& o, serve_child& server) {
    server.start();
    return load_run(o, server).run();
}

}  // namespace mxc::bench
