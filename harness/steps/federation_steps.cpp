// Federation steps: a mock remote homeserver for the case, transactions it sends to the target,
// cues for how it answers the target's, and waits with checks on what it received.
#include <fmt/format.h>

#include <algorithm>

#include "matrix/digest.hpp"
#include "matrix/outgoing_transaction.hpp"
#include "steps/expect.hpp"
#include "steps/observe.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

namespace {

std::string mock_name(const world& w, const step_call& c) {
    return arg_string(w, c, "mock", "remote");
}

void start_mock_step(world& w, const step_call& c) {
    std::vector<std::string> allowed;
    if (auto it = c.args.find("allow"); it != c.args.end())
        for (const auto& a : w.substitute(*it)) allowed.push_back(a.get<std::string>());
    auto& m = w.start_mock(arg_string(w, c, "name", "remote"), std::move(allowed));
    if (auto it = c.args.find("devices"); it != c.args.end()) {
        // Named, not iterated as a temporary: items() refers into it, and a range-for keeps only
        // the proxy alive, not the json it came from.
        const json devices = w.substitute(*it);
        for (const auto& [user, ids] : devices.items())
            for (const auto& id : ids) m.add_device(user, id.get<std::string>());
    }
}

// The EDUs of a federation_send: `edus` as written, or `direct_to_device` contents (one, or
// `repeat` copies with ${i} = 1..repeat), each given a fresh message_id unless it has one
// (message_id: null leaves it out).
json build_edus(world& w, const step_call& c) {
    if (auto it = c.args.find("edus"); it != c.args.end()) return w.substitute(*it);
    json edus = json::array();
    const auto it = c.args.find("direct_to_device");
    if (it == c.args.end()) return edus;
    const auto repeat = arg_int(w, c, "repeat", 1);
    if (repeat < 1 || repeat > 10'000)
        throw core::harness_error(describe(c) + ": repeat must be 1..10000");
    for (std::int64_t i = 1; i <= repeat; ++i) {
        w.set("i", i);
        json content = w.substitute(*it);
        if (!content.is_object())
            throw core::harness_error(describe(c) + ": direct_to_device must be a mapping");
        if (!content.contains("message_id"))
            content["message_id"] = matrix::random_token(16);
        else if (content["message_id"].is_null())
            content.erase("message_id");
        edus.push_back({{"edu_type", "m.direct_to_device"}, {"content", std::move(content)}});
    }
    return edus;
}

void federation_send(world& w, const step_call& c) {
    const auto& target = w.env().target();
    auto& m = w.mock(mock_name(w, c));
    matrix::outgoing_transaction t;
    t.txn_id = arg_string(w, c, "txn_id");
    t.origin = arg_string(w, c, "origin", m.server_name());
    t.destination = arg_string(w, c, "destination", target.server_name);
    t.edus = build_edus(w, c);
    if (auto it = c.args.find("body"); it != c.args.end()) t.body = w.substitute(*it);
    const std::string sign = arg_string(w, c, "sign", "valid");
    const auto signature = matrix::parse_signature(sign);
    if (!signature)
        throw core::harness_error(
            describe(c) + ": sign is valid, none, bad_signature, unknown_key or wrong_destination");
    t.sign = *signature;

    auto sent = m.send_transaction(t, target.federation.url, w.env().federation_client_options(),
                                   w.run().scaled(target.request_timeout));
    sent.ex.actor = c.args.contains("mock") ? mock_name(w, c) + " → target" : "remote → target";
    if (!sent.ex.error.empty()) {
        w.record_exchange(sent.ex);
        if (observes(c)) return observe_no_answer(w, c, true);
        throw core::harness_error(
            fmt::format("no answer from the target's federation API at {}: {}",
                        target.federation.url, sent.ex.error));
    }
    const bool malformed = c.args.value("malformed", false) || sign != "valid" || t.body;
    if (!w.record_exchange(sent.ex) && !malformed)
        throw core::harness_error(
            "mxconform sent a transaction its own API definitions reject (see the notes)");
    observe_reply(w, c, sent.answer);
    answer_expected(w, c, sent.answer);
}

void mock_fail(world& w, const step_call& c) {
    const std::string how = arg_string(w, c, "with", "500");
    const auto count = static_cast<int>(arg_int(w, c, "count", 1));
    matrix::mock_failure f;
    if (how == "400")
        f = matrix::mock_failure::status_400;
    else if (how == "500")
        f = matrix::mock_failure::status_500;
    else if (how == "timeout")
        f = matrix::mock_failure::time_out;
    else if (how == "drop")
        f = matrix::mock_failure::drop;
    else
        throw core::harness_error(describe(c) + ": with is 400, 500, timeout or drop");
    w.mock(mock_name(w, c)).fail_next(f, count);
}

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char ch : s)
        if ((ch & 0xC0) != 0x80) ++n;
    return n;
}

// What every m.direct_to_device EDU must be (federation-facts §7), whatever the case checks.
void check_edu_shape(world& w, const step_call& c, const json& edu, std::size_t i) {
    const std::string what =
        fmt::format("m.direct_to_device EDU #{} has the required fields", i + 1);
    auto fail = [&](const std::string& why) {
        w.run().check(false, what,
                      "sender, type, messages; message_id a string of at most 32 code points",
                      why + " in " + match::brief(edu), c.where.str());
    };
    if (!edu.is_object()) return fail("not an object");
    for (const char* k : {"sender", "type", "message_id"})
        if (!edu.contains(k) || !edu[k].is_string()) return fail(fmt::format("no string '{}'", k));
    if (!edu.contains("messages") || !edu["messages"].is_object())
        return fail("no 'messages' object");
    const auto id = edu["message_id"].get<std::string>();
    if (id.empty() || code_points(id) > 32)
        return fail(fmt::format("message_id of {} code points", code_points(id)));
}

// Waits until the mock accepted `count` m.direct_to_device EDUs (and, with `until`, until they
// match it), then checks them: their shape always, `expect` when given.
void await_edus(world& w, const step_call& c) {
    auto& m = w.mock(mock_name(w, c));
    const auto count = static_cast<std::size_t>(arg_int(w, c, "count", 1));
    const json until = c.args.contains("until") ? w.substitute(c.args["until"]) : json::object();
    const auto within =
        w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "within_ms", 10'000)));
    const auto started = std::chrono::steady_clock::now();
    const bool arrived = m.wait_for(
        [&](const auto& ts) {
            const json edus = matrix::direct_to_device_edus(ts);
            return edus.size() >= count && !first_failure(until, 200, json{{"edus", edus}});
        },
        within);
    w.judge_mocks(c.where.str());
    const json list = matrix::direct_to_device_edus(m.transactions());
    const auto waited =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    w.run().metric("edu_wait_ms", waited);
    std::string wanted =
        fmt::format("at least {} m.direct_to_device EDU(s) in accepted transactions", count);
    if (!until.empty()) wanted += ", matching " + match::brief(until, 300);
    w.run().require(
        arrived,
        fmt::format("{}: the EDUs reach the remote server within {} ms", describe(c),
                    within.count()),
        wanted,
        fmt::format("{} EDU(s) after {:.0f} ms ({} transaction attempts): {}", list.size(), waited,
                    m.transactions().size(), match::brief(list, 400)),
        c.where.str());
    for (std::size_t i = 0; i < list.size(); ++i) check_edu_shape(w, c, list[i], i);
    observe_events(w, c, {list, {}, json()});
    matrix::reply r;
    r.status = 200;
    r.body = json{{"edus", list}};
    r.is_json = true;
    if (auto it = c.args.find("expect"); it != c.args.end())
        require_expect(w, c, w.substitute(*it), r);
    save_from(w, c, r.body);
}

// Waits until the target tried to connect `count` times while the mock was down.
void await_refused(world& w, const step_call& c) {
    auto& m = w.mock(mock_name(w, c));
    const auto count = static_cast<int>(arg_int(w, c, "count", 1));
    const auto within =
        w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "within_ms", 10'000)));
    const bool ok = m.wait_for_refused(count, within);
    w.run().require(
        ok, fmt::format("{}: the target tries to reach the unreachable remote", describe(c)),
        fmt::format("{} connection attempt(s) within {} ms", count, within.count()),
        fmt::format("{}", m.refused_connections()), c.where.str());
}

// Waits until the target made `count` /send attempts (answered or not).
void await_attempts(world& w, const step_call& c) {
    auto& m = w.mock(mock_name(w, c));
    const auto count = static_cast<std::size_t>(arg_int(w, c, "count", 1));
    const auto within =
        w.run().scaled(std::chrono::milliseconds(arg_int(w, c, "within_ms", 10'000)));
    const bool ok = m.wait_for([&](const auto& ts) { return ts.size() >= count; }, within);
    w.judge_mocks(c.where.str());
    w.run().require(ok,
                    fmt::format("{}: the target tries {} transaction(s) within {} ms", describe(c),
                                count, within.count()),
                    fmt::format("{} PUT /send attempts", count),
                    fmt::format("{}", m.transactions().size()), c.where.str());
}

// The message_ids of a transaction's m.direct_to_device EDUs.
std::vector<std::string> message_ids(const matrix::mock_transaction& t) {
    std::vector<std::string> ids;
    for (const auto& e : t.edus)
        if (e.is_object() && e.contains("content") && e["content"].is_object())
            ids.push_back(e["content"].value("message_id", "(none)"));
    return ids;
}

// Retry discipline (federation-facts §6): after an attempt that got no 200, the next attempt is
// the same transaction (same txnId) carrying the same EDUs (same message_ids). same_txn_id:
// false leaves the txnId out: a restarted sender may start a new transaction, but the
// message_ids, the receiver's deduplication key, stay (issue 10, "Target restarts").
void check_retries(world& w, const step_call& c) {
    auto& m = w.mock(mock_name(w, c));
    const bool same_txn_id = c.args.value("same_txn_id", true);
    const auto ts = m.transactions();
    w.judge_mocks(c.where.str());
    int retries = 0;
    for (std::size_t i = 0; i + 1 < ts.size(); ++i) {
        if (ts[i].status == 200) continue;
        ++retries;
        const auto& a = ts[i];
        const auto& b = ts[i + 1];
        if (same_txn_id)
            w.run().check(a.txn_id == b.txn_id,
                          fmt::format("{}: attempt {} after a failed one is the same transaction",
                                      describe(c), i + 2),
                          "txnId " + a.txn_id, "txnId " + b.txn_id, c.where.str());
        // A retry of the same transaction is the same transaction; a new transaction after a
        // failure (a restarted server starts one) must carry the failed EDUs and may add newer.
        const auto ida = message_ids(a), idb = message_ids(b);
        const bool carried =
            same_txn_id ? ida == idb : std::all_of(ida.begin(), ida.end(), [&](const auto& id) {
                return std::find(idb.begin(), idb.end(), id) != idb.end();
            });
        w.run().check(carried,
                      fmt::format("{}: attempt {} carries the failed attempt's EDUs (message_ids)",
                                  describe(c), i + 2),
                      json(ida).dump(), json(idb).dump(), c.where.str());
    }
    w.run().require(retries > 0, describe(c) + ": a failed attempt was retried",
                    "a retry after a failure",
                    fmt::format("{} attempts: {}", ts.size(),
                                [&] {
                                    std::string s;
                                    for (const auto& t : ts)
                                        s += fmt::format("{}→{} ", t.txn_id, t.status);
                                    return s;
                                }()),
                    c.where.str());
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration mock_remote_step{
    {"mock_remote",
     {},
     {"name", "allow", "devices"},
     "start a mock remote homeserver for this case; its server name becomes ${name}",
     [](world& w, const step_call& c) { start_mock_step(w, c); }}};
const step_registration federation_send_step{
    {"federation_send",
     {},
     {"mock", "txn_id", "origin", "destination", "edus", "direct_to_device", "repeat", "sign",
      "body", "malformed", "expect", "save"},
     "the mock sends a signed transaction to the target's federation API",
     federation_send,
     {},
     observe_forms::reply}};
const step_registration mock_fail_step{
    {"mock_fail",
     {"with"},
     {"mock", "count"},
     "the mock answers the target's next transactions with 400, 500, a timeout or a dropped "
     "connection",
     mock_fail}};
const step_registration mock_ok_step{
    {"mock_ok",
     {},
     {"mock"},
     "the mock answers the target's transactions with 200 again (failures mock_fail queued are "
     "dropped)",
     [](world& w, const step_call& c) { w.mock(mock_name(w, c)).answer_normally(); }}};
const step_registration mock_down_step{
    {"mock_down",
     {},
     {"mock"},
     "the mock stops listening (connections refused)",
     [](world& w, const step_call& c) { w.mock(mock_name(w, c)).down(); }}};
const step_registration mock_up_step{
    {"mock_up",
     {},
     {"mock"},
     "the mock listens again on the same port",
     [](world& w, const step_call& c) { w.mock(mock_name(w, c)).up(); }}};
const step_registration await_edus_step{
    {"await_edus",
     {},
     {"mock", "count", "until", "within_ms", "expect", "save"},
     "wait until the mock accepted COUNT m.direct_to_device EDUs (matching until), then check them",
     await_edus,
     {},
     observe_forms::events}};
const step_registration await_refused_step{
    {"await_refused",
     {},
     {"mock", "count", "within_ms"},
     "wait until the target tried COUNT connections to the mock while it was down",
     await_refused}};
const step_registration await_attempts_step{
    {"await_attempts",
     {},
     {"mock", "count", "within_ms"},
     "wait until the target made COUNT transaction attempts to the mock",
     await_attempts}};
const step_registration check_retries_step{
    {"check_retries",
     {},
     {"mock", "same_txn_id"},
     "every failed transaction was retried with the same txnId (unless same_txn_id: false) and "
     "message_ids",
     check_retries}};

}  // namespace mxc::steps
