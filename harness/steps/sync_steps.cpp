// sync and sync_until: GET /sync once, or again and again until the to-device events seen
// satisfy a condition (bounded, narrated on expiry, like Complement's MustSyncUntil).
#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "steps/expect.hpp"
#include "steps/step.hpp"
#include "steps/sync_call.hpp"

namespace mxc::steps {

namespace http = net::http;

std::string sync_target(world& w, const step_call& c, const std::string& since,
                        std::int64_t timeout_ms) {
    // Some servers (Synapse) answer an identical /sync from a cache for a while; a timeout a
    // few milliseconds different on every call keeps each request distinct, so a repeated
    // sync really asks the server again.
    static std::atomic<std::uint64_t> serial{0};
    const auto jitter = static_cast<std::int64_t>(serial.fetch_add(1) % 7);
    timeout_ms = timeout_ms > 10 ? timeout_ms - jitter : timeout_ms + jitter;
    std::string q = fmt::format("?timeout={}", timeout_ms);
    if (!since.empty()) q += "&since=" + matrix::encode_query(since);
    if (c.args.value("full_state", false)) q += "&full_state=true";
    return w.env().client_path("/sync", arg_string(w, c, "prefix")) + q;
}

matrix::reply sync_once(world& w, const step_call& c, actor& who, const std::string& since,
                        std::int64_t timeout_ms, matrix::client* via,
                        std::function<void()> on_written) {
    const auto target = sync_target(w, c, since, timeout_ms);
    // The request deadline covers the server's long-poll plus the usual allowance.
    const auto deadline =
        std::chrono::milliseconds(timeout_ms) + w.run().scaled(w.env().target().request_timeout);
    if (!via)
        return w.call(&who, http::verb::get, target, {}, deadline, false, std::move(on_written));
    try {
        return via->call(http::verb::get, target, {}, deadline, std::move(on_written));
    } catch (const net::transport_error& e) {
        throw core::harness_error(std::string("no answer from the target: ") + e.what());
    }
}

namespace {

void sync(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    auto r = sync_once(w, c, who, arg_string(w, c, "since"), arg_int(w, c, "timeout_ms", 0),
                       nullptr, {});
    require_expect(
        w, c, c.args.contains("expect") ? w.substitute(c.args["expect"]) : default_expect(), r);
    if (c.args.contains("within_ms")) {
        // A response the server owes at once, whatever timeout the client allowed.
        const auto bound = w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "within_ms", 0)));
        w.run().metric("sync_ms", r.elapsed_ms);
        w.run().require(r.elapsed_ms <= static_cast<double>(bound.count()),
                        describe(c) + ": /sync returns at once",
                        fmt::format("an answer within {} ms", bound.count()),
                        fmt::format("the answer took {:.0f} ms", r.elapsed_ms), c.where.str());
    }
    if (r.is_json) save_from(w, c, r.body);
}

}  // namespace

sync_progress sync_until_satisfied(world& w, const step_call& c, actor& who, std::string since,
                                   const json& until,
                                   std::chrono::steady_clock::time_point deadline,
                                   matrix::client* via, const sync_hooks& hooks) {
    sync_progress p;
    p.events = json::array();
    const bool advance = c.args.value("advance", !since.empty());
    const auto poll_ms = arg_int(w, c, "poll_ms", 1000);
    bool first = true;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const std::int64_t timeout =
            since.empty() ? 0 : std::max<std::int64_t>(0, std::min(poll_ms, left.count()));
        auto r = sync_once(w, c, who, since, timeout, via,
                           first ? hooks.on_first_written : std::function<void()>{});
        first = false;
        ++p.responses;
        if (hooks.on_response) hooks.on_response();
        if (r.status != 200 || !r.is_json || !r.body.is_object()) {
            w.run().require(false, describe(c) + ": /sync answers 200 with a JSON object",
                            "HTTP 200 and a JSON object",
                            fmt::format("HTTP {} {}", r.status, r.raw.substr(0, 300)),
                            c.where.str());
        }
        for (const auto& e : match::to_device_events(r.body)) p.events.push_back(e);
        p.last = r.body;
        p.last_at = std::chrono::steady_clock::now();
        const json seen{{"to_device", {{"events", p.events}}}};
        p.failure = first_failure(until, 200, seen);
        if (!p.failure) return p;
        if (std::chrono::steady_clock::now() >= deadline || w.run().interrupted()) return p;
        if (advance && r.body.contains("next_batch") && r.body["next_batch"].is_string())
            since = r.body["next_batch"].get<std::string>();
        if (since.empty()) {
            // Initial syncs return at once; pace them so a slow server is not hammered.
            const auto pause = std::min(std::chrono::milliseconds(50), left);
            w.run().log().note(fmt::format(
                "initial /sync did not satisfy the condition; again in {} ms", pause.count()));
            std::mutex m;
            std::condition_variable never;
            std::unique_lock lock(m);
            never.wait_for(lock, pause, [&] { return w.run().interrupted(); });
        }
    }
}

void narrate_wait(world& w, const step_call& c, const std::string& what, const json& until,
                  const sync_progress& p, double bound_ms, double waited_ms) {
    core::wait_record rec;
    rec.t_ms = w.run().log().now_ms();
    rec.what = what;
    rec.bound_ms = bound_ms;
    rec.waited_ms = waited_ms;
    rec.satisfied = !p.failure;
    if (p.failure)
        rec.detail = fmt::format("after {} /sync responses and {} event(s): {} expected {}, got {}",
                                 p.responses, p.events.size(), p.failure->matcher,
                                 p.failure->m.expected, p.failure->m.actual);
    w.run().log().add(std::move(rec));
    if (p.failure) {
        w.run().require(
            false, fmt::format("{}: {}", describe(c), what),
            fmt::format("within {:.0f} ms: {}", bound_ms, match::brief(until, 300)),
            fmt::format("after {} /sync responses in {:.0f} ms, {} event(s) seen ({}); {}: {}",
                        p.responses, waited_ms, p.events.size(), match::brief(p.events, 300),
                        p.failure->matcher, p.failure->m.actual),
            c.where.str());
    }
}

namespace {

void sync_until(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const json until = w.substitute(
        c.args.contains("until") ? c.args["until"] : c.args.value("expect", json::object()));
    const auto bound =
        w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "within_ms", 10'000)));
    const auto start = std::chrono::steady_clock::now();
    auto p =
        sync_until_satisfied(w, c, who, arg_string(w, c, "since"), until, start + bound, nullptr);
    const double waited = std::chrono::duration<double, std::milli>(p.last_at - start).count();
    narrate_wait(w, c, who.name + "'s /sync shows " + match::brief(until, 200), until, p,
                 static_cast<double>(bound.count()), waited);
    if (c.args.contains("expect") && c.args.contains("until")) {
        const json seen{{"to_device", {{"events", p.events}}}};
        matrix::reply synthetic{200, seen.dump(), seen, true, 0};
        require_expect(w, c, w.substitute(c.args["expect"]), synthetic);
    }
    save_from(w, c, p.last);
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration sync_step{
    {"sync",
     {"as"},
     {"since", "timeout_ms", "within_ms", "full_state", "prefix", "expect", "save"},
     "one GET /sync (initial without since)",
     sync}};
const step_registration sync_until_step{
    {"sync_until",
     {"as"},
     {"since", "until", "expect", "within_ms", "poll_ms", "advance", "prefix", "full_state",
      "save"},
     "GET /sync until the events seen satisfy `until` (or `expect`), within a bound",
     sync_until}};

}  // namespace mxc::steps
