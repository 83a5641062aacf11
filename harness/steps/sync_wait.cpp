// The paced wait behind sync_until and long_poll (issue 9, "verdicts that hold on any server"):
// poll /sync until the events seen satisfy a condition; never send a /sync the moment an empty
// one came back; once the wait has gone on for a while, send a sentinel so that a missing message
// is proven missing rather than timed out; and when the wait fails, say what the server did.
#include <fmt/format.h>

#include <atomic>

#include "steps/sync_call.hpp"
#include "util/growing_pause.hpp"

namespace mxc::steps {

namespace {

using clock = std::chrono::steady_clock;

double ms_between(clock::time_point from, clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// A /sync answered at once with nothing new is followed by a pause that doubles from 50 ms to
// 1 s, so a server that always answers at once sees at most 6 requests in the first 1.6 s of a
// wait and one a second after that (a wait whose /sync long-polls is paced by the server).
class pacer {
  public:
    void pause(world& w, clock::time_point deadline) {
        w.run().log().note(
            fmt::format("/sync answered at once with nothing new; the next /sync in {} ms",
                        pause_.next(deadline).count()));
        pause_.pause(deadline);
    }
    void reset() { pause_.reset(); }

  private:
    util::growing_pause pause_{std::chrono::milliseconds(50), std::chrono::milliseconds(1'000)};
};

// A message `who` sends to its own device once a wait has gone on for a while without what it
// awaits. A device's queue lists messages in order of arrival (client-server API,
// Send-to-Device messaging), so a sentinel listed while the awaited message is not proves that
// message missing; a sentinel that is not listed either shows the server listing nothing.
class sentinel {
  public:
    sentinel(world& w, actor& who, clock::time_point start, clock::time_point due)
        : w_(w), who_(who), start_(start), due_(due) {}

    bool due(clock::time_point now) const { return !tried_ && now >= due_; }

    void send() {
        tried_ = true;
        static std::atomic<std::uint64_t> serial{0};
        id_ = fmt::format("mxc-sentinel-{}-{}", w_.env().run_id(), serial.fetch_add(1));
        const auto target = w_.env().client_path("/sendToDevice/" + std::string(sentinel_type) +
                                                 "/" + matrix::encode_segment(id_));
        const json body{
            {"messages", {{who_.acc.user_id, {{who_.acc.device_id, {{"sentinel", id_}}}}}}}};
        const auto r = w_.call(&who_, net::http::verb::put, target, {body, {}},
                               w_.run().scaled(w_.env().target().request_timeout));
        if (r.status != 200) {
            w_.run().log().note(fmt::format(
                "a sentinel to {}'s own device was refused (HTTP {}); the wait goes on without one",
                who_.name, r.status));
            return;
        }
        sent_at_ = clock::now();
        w_.run().log().note(fmt::format(
            "the awaited message is not there after {:.0f} ms: {} sent a sentinel to its own "
            "device; a queue lists in order of arrival, so the sentinel comes after it",
            ms_between(start_, *sent_at_), who_.name));
    }

    bool sent() const { return sent_at_.has_value(); }
    bool seen() const { return seen_at_.has_value(); }
    bool is_mine(const json& e) const {
        return sent() && e.is_object() && e.value("type", "") == sentinel_type &&
               e.contains("content") && e["content"].is_object() &&
               e["content"].value("sentinel", "") == id_;
    }
    void saw(clock::time_point at) { seen_at_ = at; }
    // A response after the sentinel was answered 200 that did not list it.
    void missed() { ++misses_; }
    // The sentinel has had its chance: three responses and a second (scaled) since it was
    // accepted, none listing it. A server that stores before it answers lists it at once.
    bool given_up(clock::time_point now) const {
        return sent() && !seen() && misses_ >= 3 &&
               now - *sent_at_ >= w_.run().scaled(std::chrono::milliseconds(1'000));
    }
    double sent_ms() const { return sent() ? ms_between(start_, *sent_at_) : 0; }
    double seen_ms() const { return seen() ? ms_between(start_, *seen_at_) : 0; }

  private:
    world& w_;
    actor& who_;
    clock::time_point start_;
    clock::time_point due_;
    bool tried_ = false;
    std::string id_;
    std::optional<clock::time_point> sent_at_;
    std::optional<clock::time_point> seen_at_;
    int misses_ = 0;
};

// The wait failed: what did the server do instead? Follows the last next_batch once when a
// re-used since kept answering empty, to tell "not delivered" from "not listed for that since".
std::string finding(world& w, const step_call& c, actor& who, const std::string& first_since,
                    bool advance, const json& until, const sync_progress& p, const sentinel& s,
                    matrix::client* via) {
    if (s.seen())
        return fmt::format(
            "not listed, though a sentinel {} sent to its own device {:.0f} ms into the wait was "
            "listed {:.0f} ms in: the awaited message is missing, not late",
            who.name, s.sent_ms(), s.seen_ms());
    const bool replayed_since = !advance && !first_since.empty();
    if (replayed_since && p.answered_empty_at_once > 0 && p.last.contains("next_batch") &&
        p.last["next_batch"].is_string()) {
        auto r = sync_once(w, c, who, p.last["next_batch"].get<std::string>(), 0, via, {});
        json seen = p.events;
        if (r.is_json)
            for (const auto& e : case_events(r.body)) seen.push_back(e);
        const bool listed_after =
            !first_failure(until, 200, json{{"to_device", {{"events", seen}}}});
        return fmt::format(
            "re-syncing from since {} answered {} time(s) at once with no events; {}", first_since,
            p.answered_empty_at_once,
            listed_after ? "the awaited message was listed only after following next_batch, so "
                           "this server does not list a pending message again for a since "
                           "issued before it"
                         : "following next_batch did not list the awaited message either");
    }
    if (s.sent()) {
        if (p.events.empty())
            return fmt::format(
                "nothing was listed: neither the awaited message nor a sentinel {} sent to its "
                "own device {:.0f} ms into the wait (answered 200) — the server lists no "
                "to-device messages for this device",
                who.name, s.sent_ms());
        return fmt::format(
            "not listed, and neither was a sentinel {} sent to its own device {:.0f} ms into the "
            "wait (answered 200), though other messages were",
            who.name, s.sent_ms());
    }
    return {};
}

}  // namespace

sync_progress sync_until_satisfied(world& w, const step_call& c, actor& who, std::string since,
                                   const json& until, clock::time_point deadline,
                                   matrix::client* via, const sync_hooks& hooks) {
    sync_progress p;
    const std::string first_since = since;
    const bool advance = c.args.value("advance", !since.empty());
    const auto poll_ms = arg_int(w, c, "poll_ms", 1000);
    const auto start = clock::now();
    // The sentinel goes out a quarter into the wait, at most 2 s (scaled) in: late enough that
    // a server that delivers has delivered, early enough to leave the sentinel time to show.
    const auto sentinel_delay =
        std::min<clock::duration>((deadline - start) / 4, w.run().scaled(std::chrono::seconds(2)));
    sentinel s(w, who, start, start + sentinel_delay);
    pacer pace;
    bool first = true;
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
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
        const auto now = clock::now();
        const bool sentinel_was_out = s.sent();
        json fresh = json::array();
        for (const auto& e : match::to_device_events(r.body)) {
            if (s.is_mine(e)) s.saw(now);
            if (e.is_object() && e.value("type", "") == sentinel_type) continue;
            fresh.push_back(e);
            p.events.push_back(e);
        }
        if (!fresh.empty()) p.batches.push_back(fresh);
        p.last = r.body;
        p.last_at = now;
        p.failure = first_failure(until, 200, json{{"to_device", {{"events", p.events}}}});
        if (!p.failure) return p;
        // An excess, a duplicate or a wrong order is there for good: more /sync cannot mend it.
        if (!could_still_hold(until, p.events)) return p;
        if (sentinel_was_out && !s.seen()) s.missed();
        if (s.seen() || s.given_up(now) || now >= deadline || w.run().interrupted()) break;
        if (awaits_delivery(until) && s.due(now) && (!hooks.sends_done || hooks.sends_done()))
            s.send();
        if (advance && r.body.contains("next_batch") && r.body["next_batch"].is_string())
            since = r.body["next_batch"].get<std::string>();
        const bool at_once = timeout == 0 || r.elapsed_ms < static_cast<double>(timeout) / 2;
        if (fresh.empty() && at_once) {
            ++p.answered_empty_at_once;
            pace.pause(w, deadline);
        } else {
            pace.reset();
        }
    }
    p.finding = finding(w, c, who, first_since, advance, until, p, s, via);
    return p;
}

void narrate_wait(world& w, const step_call& c, const std::string& what, const json& until,
                  const sync_progress& p, double bound_ms, double waited_ms) {
    core::wait_record rec;
    rec.t_ms = w.run().log().now_ms();
    rec.what = what;
    rec.bound_ms = bound_ms;
    rec.waited_ms = waited_ms;
    rec.satisfied = !p.failure;
    if (!p.failure) {
        w.run().log().add(std::move(rec));
        return;
    }
    const std::string seen =
        fmt::format("after {} /sync responses in {:.0f} ms, {} event(s) seen ({})", p.responses,
                    waited_ms, p.events.size(), match::brief(p.events, 300));
    const std::string mismatch = fmt::format("{}: {}", p.failure->matcher, p.failure->m.actual);
    rec.detail = p.finding.empty() ? seen + "; " + mismatch : p.finding + "; " + seen;
    const std::string actual = rec.detail;
    w.run().log().add(std::move(rec));
    w.run().require(false, fmt::format("{}: {}", describe(c), what),
                    fmt::format("within {:.0f} ms: {}", bound_ms, match::brief(until, 300)), actual,
                    c.where.str());
}

}  // namespace mxc::steps
