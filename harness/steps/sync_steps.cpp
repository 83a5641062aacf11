// sync, sync_until and since_token: GET /sync once, or again and again until the to-device events
// seen satisfy a condition (the paced wait of sync_wait.cpp), or for an ordinary since.
#include <fmt/format.h>

#include <atomic>

#include "steps/expect.hpp"
#include "steps/observe.hpp"
#include "steps/step.hpp"
#include "steps/sync_call.hpp"

namespace mxc::steps {

namespace http = net::http;

std::string sync_target(world& w, const step_call& c, const std::string& since,
                        std::int64_t timeout_ms) {
    // Some servers (Synapse) answer an identical /sync from a cache for a while; a timeout a
    // few milliseconds different on every call keeps each request distinct, so a repeated
    // sync really asks the server again. Not for an incremental /sync with timeout 0: that
    // means "answer at once", and any other value may be held as a long-poll (one server holds
    // every non-zero timeout for 15 s). An initial /sync is answered at once whatever its
    // timeout, so it can vary.
    static std::atomic<std::uint64_t> serial{0};
    const auto jitter = static_cast<std::int64_t>(serial.fetch_add(1) % 7);
    if (timeout_ms > 10)
        timeout_ms -= jitter;
    else if (since.empty())
        timeout_ms += jitter;
    std::string q = fmt::format("?timeout={}", timeout_ms);
    if (!since.empty()) q += "&since=" + matrix::encode_query(since);
    if (c.args.value("full_state", false)) q += "&full_state=true";
    // A filter inline, as JSON (client-server API, "Filtering"), or the id of a stored one.
    if (auto f = c.args.find("filter"); f != c.args.end()) {
        const json filter = w.substitute(*f);
        q += "&filter=" +
             matrix::encode_query(filter.is_string() ? filter.get<std::string>() : filter.dump());
    }
    return w.env().client_path("/sync", arg_string(w, c, "prefix")) + q;
}

std::chrono::milliseconds sync_deadline(world& w, std::int64_t timeout_ms) {
    return std::chrono::milliseconds(timeout_ms) +
           w.run().scaled(w.env().target().request_timeout + std::chrono::seconds(30));
}

matrix::reply sync_once(world& w, const step_call& c, actor& who, const std::string& since,
                        std::int64_t timeout_ms, matrix::client* via,
                        std::function<void()> on_written,
                        std::optional<std::chrono::milliseconds> answer_within) {
    const auto target = sync_target(w, c, since, timeout_ms);
    auto* client = via ? via : who.client.get();
    try {
        return client->call(http::verb::get, target, {},
                            answer_within.value_or(sync_deadline(w, timeout_ms)),
                            std::move(on_written));
    } catch (const net::deadline_error& e) {
        if (answer_within) throw;
        throw core::harness_error(fmt::format(
            "a /sync with timeout {} ms had no answer within {} ms, far past its timeout: {}",
            timeout_ms, sync_deadline(w, timeout_ms).count(), e.what()));
    } catch (const net::transport_error& e) {
        throw core::harness_error(std::string("no answer from the target: ") + e.what());
    }
}

namespace {

void observe_sync(world& w, const step_call& c, const matrix::reply& r) {
    observe_reply(w, c, r);
    const json events = r.is_json ? case_events(r.body) : json::array();
    std::vector<json> batches;
    if (!events.empty()) batches.push_back(events);
    observe_events(w, c, {events, batches, r.is_json ? r.body : json()});
}

json expect_of(world& w, const step_call& c) {
    return c.args.contains("expect") ? w.substitute(c.args["expect"]) : default_expect();
}

void sync(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const auto timeout = arg_int(w, c, "timeout_ms", 0);
    if (!c.args.contains("within_ms")) {
        auto r = sync_once(w, c, who, arg_string(w, c, "since"), timeout, nullptr, {});
        observe_sync(w, c, r);
        answer_expected(w, c, r);
        return;
    }
    // An answer the server owes within the bound, whatever timeout the client allowed: the
    // bound is the request's deadline, so a server that holds the /sync fails here at once.
    const auto bound = w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "within_ms", 0)));
    const std::string what = fmt::format("{}: /sync (timeout {} ms) answers within {} ms",
                                         describe(c), timeout, bound.count());
    matrix::reply r;
    try {
        r = sync_once(w, c, who, arg_string(w, c, "since"), timeout, nullptr, {}, bound);
    } catch (const net::deadline_error&) {
        w.run().require(false, what, fmt::format("an answer within {} ms", bound.count()),
                        fmt::format("no answer within {} ms: the server held the /sync past "
                                    "the {} ms its timeout asked for",
                                    bound.count(), timeout),
                        c.where.str());
    }
    w.run().metric("sync_ms", r.elapsed_ms);
    w.run().check(true, what, fmt::format("an answer within {} ms", bound.count()),
                  fmt::format("the answer took {:.0f} ms", r.elapsed_ms), c.where.str());
    require_expect(w, c, expect_of(w, c), r);
    if (r.is_json) save_from(w, c, r.body);
}

// batches: [expect, ...] and each_batch: expect judge the responses that listed events one by
// one: a limit case must see a non-empty batch of at most the limit, then the rest (issue 9,
// "evidence before a pass"), not merely an empty response that is within any limit.
void judge_batches(world& w, const step_call& c, const sync_progress& p) {
    if (c.args.contains("each_batch")) {
        const json expect = w.substitute(c.args["each_batch"]);
        for (std::size_t i = 0; i < p.batches.size(); ++i) {
            const json response{{"to_device", {{"events", p.batches[i]}}}};
            if (auto f = first_failure(expect, 200, response))
                w.run().require(false,
                                fmt::format("{}: each response lists {}", describe(c),
                                            match::brief(expect, 120)),
                                match::brief(expect, 200),
                                fmt::format("response {} of those that listed events had {} "
                                            "event(s); {}: {}",
                                            i + 1, p.batches[i].size(), f->matcher, f->m.actual),
                                c.where.str());
        }
        w.run().check(
            true, describe(c) + ": each response lists " + match::brief(expect, 120),
            match::brief(expect, 200),
            fmt::format("{} response(s) listed events, each as expected", p.batches.size()),
            c.where.str());
    }
    if (!c.args.contains("batches")) return;
    const json wanted = w.substitute(c.args["batches"]);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const std::string what = fmt::format("{}: response {} that lists events shows {}",
                                             describe(c), i + 1, match::brief(wanted[i], 120));
        if (i >= p.batches.size())
            w.run().require(false, what, match::brief(wanted[i], 200),
                            fmt::format("only {} response(s) listed events", p.batches.size()),
                            c.where.str());
        const json response{{"to_device", {{"events", p.batches[i]}}}};
        if (auto f = first_failure(wanted[i], 200, response))
            w.run().require(
                false, what, f->m.expected,
                fmt::format("{} event(s); {}: {}", p.batches[i].size(), f->matcher, f->m.actual),
                c.where.str());
        w.run().check(true, what, match::brief(wanted[i], 200), "as expected", c.where.str());
    }
}

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
    judge_batches(w, c, p);
    observe_events(w, c, {p.events, p.batches, p.last});
    if (c.args.contains("expect") && c.args.contains("until")) {
        const json seen{{"to_device", {{"events", p.events}}}};
        matrix::reply synthetic{200, seen.dump(), seen, true, 0};
        require_expect(w, c, w.substitute(c.args["expect"]), synthetic);
    }
    save_from(w, c, p.last);
}

// An ordinary since for `as`: the next_batch of an incremental /sync that follows the initial
// one. A server's first next_batch may be special (one real server's only returns "the rest of
// the initial sync"); cases that re-use a since and do not judge that use this one (issue 9).
void since_token(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const auto initial = sync_once(w, c, who, "", 0, nullptr, {});
    require_expect(w, c, default_expect(), initial);
    if (!initial.is_json || !initial.body.contains("next_batch") ||
        !initial.body["next_batch"].is_string()) {
        // The next step needs the token, so even an observed case cannot go on.
        w.run().check(false, describe(c) + ": the initial /sync gives a next_batch",
                      "a string next_batch", match::brief(initial.body, 200), c.where.str());
        throw core::case_stopped(describe(c) + ": the initial /sync gives no next_batch");
    }
    const auto next =
        sync_once(w, c, who, initial.body["next_batch"].get<std::string>(), 0, nullptr, {});
    require_expect(w, c, default_expect(), next);
    save_from(w, c, next.body);
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration sync_step{
    {"sync",
     {"as"},
     {"since", "timeout_ms", "within_ms", "full_state", "filter", "prefix", "expect", "save"},
     "one GET /sync (initial without since)",
     sync,
     {},
     observe_forms::reply_and_events}};
const step_registration sync_until_step{
    {"sync_until",
     {"as"},
     {"since", "until", "expect", "within_ms", "poll_ms", "advance", "prefix", "full_state",
      "filter", "batches", "each_batch", "save"},
     "GET /sync until the events seen satisfy `until` (or `expect`), within a bound; "
     "`batches`/`each_batch` judge the responses that listed events one by one",
     sync_until,
     {},
     observe_forms::events}};
const step_registration since_token_step{
    {"since_token",
     {"as", "save"},
     {},
     "an ordinary since: the next_batch of an incremental /sync after the initial one",
     since_token}};

}  // namespace mxc::steps
