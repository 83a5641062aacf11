// send_to_device and send_many: PUT /sendToDevice/{eventType}/{txnId}.
#include <fmt/format.h>

#include <atomic>

#include "steps/expect.hpp"
#include "steps/observe.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

namespace http = net::http;

namespace {

// Unique across runs too: an account from a tokens file sends again in the next run, and a
// txnId it used before would be a retransmission there (client-server API, "Transaction
// identifiers").
std::string fresh_txn(world& w) {
    static std::atomic<std::uint64_t> n{0};
    return fmt::format("mxc{}.{}", w.env().run_id(), n.fetch_add(1));
}

std::optional<std::string> token_for(const world& w, const step_call& c) {
    const std::string t = arg_string(w, c, "token");
    if (t.empty()) return std::nullopt;
    if (t == "none") return std::string();
    if (t == "bad") return std::string("mxconform-not-a-token");
    throw core::harness_error(describe(c) + ": token must be none or bad");
}

matrix::reply put(world& w, const step_call& c, actor& who, const std::string& type,
                  const std::string& txn, const matrix::request_body& body) {
    const auto target = w.env().client_path(
        "/sendToDevice/" + matrix::encode_segment(type) + "/" + matrix::encode_segment(txn),
        arg_string(w, c, "prefix"));
    const bool malformed = c.args.value("malformed", false);
    return w.call(&who, http::verb::put, target, body,
                  w.run().scaled(w.env().target().request_timeout), malformed, {}, token_for(w, c));
}

void send_to_device(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const std::string type = arg_string(w, c, "type", "org.mxconform.test");
    const std::string txn = c.args.contains("txn") ? arg_string(w, c, "txn") : fresh_txn(w);
    matrix::request_body body;
    if (c.args.contains("raw"))
        body.raw = arg_string(w, c, "raw");
    else if (c.args.contains("body"))
        body.value = w.substitute(c.args["body"]);
    else
        body.value = json{{"messages", w.substitute(c.args.value("messages", json::object()))}};
    call_and_answer(w, c, [&] { return put(w, c, who, type, txn, body); });
}

// `count` requests, each with its own txnId, content from a template where ${i} counts 1..count.
void send_many(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const std::string type = arg_string(w, c, "type", "org.mxconform.test");
    const auto count = arg_int(w, c, "count", 0);
    if (count <= 0 || count > 100'000)
        throw core::harness_error(describe(c) + ": count must be 1..100000");
    const json to = w.substitute(c.args["to"]);
    const json expect =
        c.args.contains("expect") ? w.substitute(c.args["expect"]) : default_expect();
    for (std::int64_t i = 1; i <= count; ++i) {
        w.set("i", i);
        const json content = w.substitute(c.args.value("content", json::object()));
        json messages = json::object();
        for (const auto& [user, device] : to.items())
            messages[user][device.get<std::string>()] = content;
        auto r = put(w, c, who, type, fresh_txn(w), {json{{"messages", messages}}, {}});
        // One check for the whole batch unless one fails, so the report stays readable.
        if (auto f = first_failure(expect, r.status, r.is_json ? r.body : json())) {
            require_expect(w, c, expect, r);
        }
    }
    w.run().check(true, fmt::format("{}: {} requests answered as expected", describe(c), count),
                  match::brief(expect), "as expected", c.where.str());
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration send_to_device_step{
    {"send_to_device",
     {"as"},
     {"type", "txn", "messages", "body", "raw", "prefix", "malformed", "token", "expect", "save"},
     "PUT /sendToDevice/{type}/{txn} with {messages} (or a given body / raw text)",
     send_to_device,
     {},
     observe_forms::reply}};
const step_registration send_many_step{
    {"send_many",
     {"as", "to", "count"},
     {"type", "content", "expect"},
     "send `count` messages, one request each, content from a template with ${i}",
     send_many}};

}  // namespace mxc::steps
