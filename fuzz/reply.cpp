// The harness's response handling: the input as the HTTP response a target sends, read as
// send_observed reads it (matrix::read_reply: the body parsed within json_limits, redacted for
// the transcript), then put through what the steps do with a reply: the API definitions' check
// of the answer to each kind of request, every expectation matcher and the waits' could-still-
// hold, the /sync reading of the waits, save:'s JSON pointers, user-interactive auth
// (register, device deletion) and a key fetch's check. None may crash or throw what a step
// does not catch.
#include "fuzz_support.hpp"
#include "matrix/client.hpp"
#include "matrix/signing.hpp"
#include "matrix/uia.hpp"
#include "spec/catalogue.hpp"
#include "steps/expect.hpp"

using namespace mxc;
using json = nlohmann::json;

namespace {

// What each step kind asks (its answer is judged against the definition of that request).
constexpr std::pair<const char*, const char*> requests[] = {
    {"PUT", "/_matrix/client/v3/sendToDevice/m.test/txn1"},
    {"GET", "/_matrix/client/v3/sync?since=s1&timeout=0"},
    {"POST", "/_matrix/client/v3/register"},
    {"POST", "/_matrix/client/v3/login"},
    {"DELETE", "/_matrix/client/v3/devices/DEVICE"},
    {"GET", "/_matrix/client/v3/account/whoami"},
    {"PUT", "/_matrix/federation/v1/send/txn1"},
    {"GET", "/_matrix/key/v2/server"},
};

// Every matcher, in the shapes the loader accepts (steps/expect.cpp, validate_expect).
const json& expectations() {
    static const json all = json::parse(R"([
        {"status": 200}, {"status": [200, 429]}, {"status_class": "4xx"}, {"errcode": "*"},
        {"errcode": "M_UNKNOWN_TOKEN"}, {"body": {}}, {"body_has": {"next_batch": "s1"}},
        {"to_device_has": {"type": "m.test", "content": {"n": 1}}},
        {"to_device_has": [{"sender": "@a:x"}, {"type": "m.test"}]},
        {"to_device_lacks": {"type": "m.test"}}, {"to_device_lacks": [{"content": {}}]},
        {"to_device_exactly": []}, {"to_device_exactly": [{"type": "m.test"}, {"type": "m.b"}]},
        {"to_device_count": 0}, {"to_device_count": 2}, {"to_device_at_most": 1},
        {"to_device_values": {"pointer": "/content/seq", "equals": [1, 2, 3]}},
        {"to_device_values": {"pointer": "/content/seq", "range": [1, 4]}},
        {"edus_has": {"messages": {}}}, {"edus_lacks": {"type": "m.test"}},
        {"edus_exactly": [{}]}, {"edus_count": 1}, {"edus_at_most": 0},
        {"edus_values": {"pointer": "/message_id", "equals": ["m1"]}}
    ])");
    return all;
}

const spec::catalogue& definitions() {
    static const auto cat = spec::catalogue::load(MXC_SOURCE_DIR "/specs", "v3");
    return cat;
}

void judge(const matrix::reply& r) {
    const json body = r.is_json ? r.body : json();
    for (const auto& [method, target] : requests)
        if (const auto route = definitions().find(method, target))
            definitions().check_response(*route, r.status, r.is_json ? &r.body : nullptr);
    const json events = steps::case_events(body);
    for (const auto& expect : expectations()) {
        steps::first_failure(expect, r.status, body);
        steps::could_still_hold(expect, events);
        steps::awaits_delivery(expect);
    }
    // The waits read the events and the next token; save: reads values at JSON pointers.
    match::to_device_events(body);
    if (body.is_object() && body.contains("next_batch") && body["next_batch"].is_string())
        body["next_batch"].get<std::string>();
    for (const char* pointer : {"/next_batch", "/device_id", "/to_device/events/0/content/n"})
        if (body.is_object() && body.contains(json::json_pointer(pointer)))
            body.at(json::json_pointer(pointer));
    r.errcode();
    matrix::check_server_keys(body, "target.test", 1'767'225'600'000);
}

void user_interactive_auth(const matrix::reply& r) {
    // The same answer to every attempt; a flow of many stages is retried once per stage (uia.hpp),
    // so a long one is cut short here, as the harness's case deadline would.
    int attempts = 0;
    const matrix::uia_attempt answer = [&](const std::optional<json>&) {
        if (++attempts <= 64) return r;
        matrix::reply ok;
        ok.status = 200;
        return ok;
    };
    try {
        matrix::with_user_interactive_auth("fuzz", {"@alice:target.test", "secret"}, answer);
    } catch (const matrix::uia_error& e) {
        fuzz::require(std::string_view(e.what()).starts_with("fuzz: "),
                      "the error names the request");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    definitions();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto bytes = fuzz::text(data, size);
    auto res = fuzz::next_message<false>(bytes);
    if (!res) return 0;  // not HTTP: the client's transport error, never a reply
    net::http_reply http;
    http.status = res->result_int();
    for (const auto& f : *res)
        http.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    http.body = std::move(res->body());
    matrix::exchange ex;
    const auto r = matrix::read_reply(std::move(http), ex);
    fuzz::require(r.is_json == ex.received_json.has_value(), "the transcript sees the same JSON");
    judge(r);
    user_interactive_auth(r);
    return 0;
}
