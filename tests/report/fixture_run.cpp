#include "fixture_run.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "matrix/secrets.hpp"

namespace mxc::report::test {
namespace {

using namespace std::chrono_literals;
using core::verdict;

core::case_def& add_def(fixture_run& f, std::string id, std::string title, core::level lvl,
                        std::string section) {
    auto d = std::make_unique<core::case_def>();
    d->id = std::move(id);
    d->suite = d->id.substr(0, d->id.rfind('.'));
    d->title = std::move(title);
    d->lvl = lvl;
    d->spec = {"client-server", std::move(section), "", ""};
    d->where = {"suites/" + d->suite + ".yaml", 12, 3};
    f.defs.push_back(std::move(d));
    return *f.defs.back();
}

core::case_result& add_result(fixture_run& f, const core::case_def& def, verdict v, long ms) {
    core::case_result r;
    r.def = &def;
    r.v = v;
    r.duration = std::chrono::milliseconds(ms);
    f.summary.results.push_back(std::move(r));
    return f.summary.results.back();
}

core::check_record passed(std::string what) {
    return {true, std::move(what), "", "", "", false};
}

core::exchange_record send_exchange() {
    core::exchange_record e;
    e.t_ms = 1.25;
    e.actor = "alice";
    e.method = "PUT";
    e.target = "/_matrix/client/v3/sendToDevice/org.example.test/txn1";
    e.request_headers = {{"Authorization", "Bearer SEKRIT_BEARER"},
                         {"Content-Type", "application/json"}};
    e.request_body = R"({"messages":{"@bob:hs.local":{"BOBDEVICE":{"seq":1}}}})";
    e.status = 200;
    e.response_headers = {{"Content-Type", "application/json"}};
    e.response_body = "{}";
    e.elapsed_ms = 3.5;
    return e;
}

core::exchange_record sync_exchange(double t, std::string response_body) {
    core::exchange_record e;
    e.t_ms = t;
    e.actor = "bob";
    e.method = "GET";
    e.target = "/_matrix/client/v3/sync?access_token=SEKRIT_QUERY&timeout=0";
    e.request_headers = {{"authorization", "Bearer SEKRIT_BEARER"}};
    e.status = 200;
    e.response_headers = {{"Content-Type", "application/json"},
                          {"Set-Cookie", "session=SEKRIT_COOKIE"}};
    e.response_body = std::move(response_body);
    e.elapsed_ms = 8.75;
    return e;
}

void add_pass(fixture_run& f) {
    auto& d = add_def(f, "to_device.send.one_device", "A message to one device arrives",
                      core::level::must, "Send-to-Device messaging / Client behaviour");
    d.spec.anchor = "put_matrixclientv3sendtodeviceeventtypetxnid";
    // As the loader resolves it from suites/spec_docs.yaml.
    d.spec.url =
        "https://spec.matrix.org/latest/client-server-api/"
        "#put_matrixclientv3sendtodeviceeventtypetxnid";
    d.requirement = "A message sent to one device of a user is delivered to that device in /sync.";
    d.ports = {{"sytest", "Can send a message directly to a device using PUT /sendToDevice"},
               {"complement", "TestToDeviceMessages/basic_to_device_messages"}};
    auto& r = add_result(f, d, verdict::pass, 42);
    r.checks = {passed("the message arrives")};
    r.metrics = {{"wake_latency_ms", 12.5}};
    r.transcript = {
        send_exchange(),
        sync_exchange(6.5,
                      R"({"next_batch":"s2","to_device":{"events":[{"sender":"@alice:hs.local",)"
                      R"("type":"org.example.test","content":{"seq":1}}]}})")};
}

void add_fail(fixture_run& f) {
    auto& d =
        add_def(f, "to_device.ack.redelivered_until_acked",
                "A message stays in /sync until the client syncs with the next_batch it was given",
                core::level::must, "Send-to-Device messaging / Server behaviour");
    d.requirement =
        "Pending messages are listed again on every /sync that does not carry a next_batch issued "
        "after they were listed.";
    d.ports = {{"sytest", "Can recv device messages until they are acknowledged"}};
    auto& r = add_result(f, d, verdict::fail, 5123);
    r.checks = {passed("first /sync lists it"),
                {false, "a replayed since lists it again", "to_device.events has {\"seq\": 1}",
                 "to_device.events is [] after 3 /sync responses", "/to_device/events", false}};
    core::exchange_record reg;
    reg.t_ms = 0.5;
    reg.actor = "harness";
    reg.method = "POST";
    reg.target = "/_synapse/admin/v1/register";
    reg.request_headers = {{"Content-Type", "application/json"}};
    reg.request_body = R"({"nonce":"abc123nonce","username":"alice","password":"SEKRIT_PASSWORD",)"
                       R"("admin":false,"mac":"SEKRIT_MAC"})";
    reg.status = 200;
    reg.response_body =
        R"({"access_token": "SEKRIT_REG_TOKEN", "device_id": "ALICEDEV", "user_id": "@alice:hs.local"})";
    reg.elapsed_ms = 20;
    core::wait_record wait{30,    "bob's /sync shows {seq: 1}",
                           5000,  5000,
                           false, "3 responses, none with to_device events; last next_batch s7"};
    core::wait_record ok_wait{10, "first /sync lists {seq: 1}", 5000, 12.25, true, ""};
    auto last = sync_exchange(
        5030,
        "{\"next_batch\":\"s7\",\"note\":\"<script>alert('x') & \\\"q\\\"</script> h\u00e9llo "
        "\U0001F389 ctl:\x1b[31m\x01 bad:\xff\xfe end\"}");
    r.transcript = {
        reg, ok_wait, wait,
        core::note_record{5029.5, "replaying since=s1 (before the ack) — expect it again"}, last};
}

void add_others(fixture_run& f) {
    auto& ns = add_def(f, "to_device.limit.hundred_per_sync", "At most 100 messages per /sync",
                       core::level::should, "Send-to-Device messaging / Server behaviour");
    ns.requirement = "A /sync response carries at most 100 to-device messages.";
    auto& rns = add_result(f, ns, verdict::non_strict, 250);
    rns.checks = {{false, "", "at most 100 events", "150 events", "/to_device/events", false}};
    rns.transcript = {
        sync_exchange(2, R"({"next_batch":"s3","to_device":{"events":["…150 events…"]}})")};

    auto& ob =
        add_def(f, "to_device.txn.same_txn_r0_v3",
                "Same txnId on r0 and v3 <paths> & \"quotes\" — \u00fcn\u00efc\u00f8d\u00e9 \u2713",
                core::level::observed, "Send-to-Device messaging / Transaction ids");
    ob.requirement = "Recorded: whether r0 and v3 share one transaction id namespace.";
    ob.question = "Is a txnId used on r0 the same transaction when used again on v3?";
    auto& rob = add_result(f, ob, verdict::observed, 75);
    rob.observation = "r0_then_v3=delivered_twice copies=2";
    rob.checks = {
        {false, "the second send is deduplicated", "delivered once", "delivered twice", "", false}};
    rob.transcript = {core::note_record{
        0.25, "escaped JSON in a note: {\\\"access_token\\\":\\\"SEKRIT_ESCAPED\\\"}"}};

    auto& un = add_def(f, "to_device.wildcard.federation_star", "Wildcard over federation",
                       core::level::must, "Send-to-Device messaging / Server behaviour");
    auto& run = add_result(f, un, verdict::unsupported, 0);
    run.reason = "the target has no federation listener";

    auto& sk = add_def(f, "to_device.wake.long_poll_returns", "A long-polling /sync wakes up",
                       core::level::must, "Send-to-Device messaging / Server behaviour");
    add_result(f, sk, verdict::skipped, 0).reason = "deselected by --exclude 'to_device.wake.*'";

    auto& xf =
        add_def(f, "to_device.bad_input.string_content", "Content that is a string is rejected",
                core::level::must, "Send-to-Device messaging / Client behaviour");
    auto& rxf = add_result(f, xf, verdict::expected_fail, 31);
    rxf.reason = "Synapse accepts a string (expectations.yaml)";
    rxf.checks = {{false, "", "400 M_BAD_JSON", "200 {}", "", false}};

    auto& xp = add_def(f, "to_device.devices.recreated_gets_later_only",
                       "A re-created device gets only later messages", core::level::should,
                       "Send-to-Device messaging / Server behaviour");
    xp.requirement =
        "A device deleted and created again with the same id receives only messages sent after.";
    auto& rxp = add_result(f, xp, verdict::unexpected_pass, 120);
    rxp.reason = "known bug #4711";
    rxp.checks = {passed("only later messages arrive")};

    auto& er = add_def(f, "to_device.send.huge_content", "60 KB of content arrive byte-exact",
                       core::level::must, "Send-to-Device messaging / Client behaviour");
    er.requirement = "A 60 KB message arrives byte for byte.";
    auto& rer = add_result(f, er, verdict::error, 5002);
    rer.error = "connection reset by peer after 5000 ms: <EOF> & more";
    core::exchange_record cut;
    cut.t_ms = 1;
    cut.actor = "alice";
    cut.method = "PUT";
    cut.target = "/_matrix/client/v3/sendToDevice/m.room.encrypted/txn%2F2";
    cut.request_headers = {{"Authorization", "Bearer SEKRIT_BEARER"}};
    cut.request_body =
        R"({"messages":{"@bob:hs.local":{"*":{"access_token":"SEKRIT_TRUNC…[61440 more bytes])";
    cut.elapsed_ms = 5000;
    cut.error = "connection reset by peer";
    rer.transcript = {cut};
}

}  // namespace

fixture_run make_fixture_run() {
    fixture_run f;
    f.summary.results.reserve(9);  // add_* hold references to results while adding more
    add_others(f);
    add_fail(f);
    add_pass(f);
    auto& i = f.summary.info;
    i.run_id = "r20240101T000000Z-4f2a";
    i.target = "http://127.0.0.1:8008";
    i.target_kind = "live server";
    i.facts = {{"server_name", "Server name", "hs.local:8448"},
               {"versions", "Versions", "r0.6.1, v1.1, v1.2"},
               {"prefix", "Prefix", "v3"},
               {"federation_url", "Federation URL", "https://127.0.0.1:8448"}};
    i.harness_version = "0.1.0";
    i.started_utc = "2024-01-01T00:00:00Z";
    i.planned = 9;
    f.summary.duration = 3456ms;
    for (const auto& r : f.summary.results) ++f.summary.counts[r.v];
    return f;
}

const util::redaction_policy& redaction() {
    static const auto policy = matrix::redaction_policy();
    return policy;
}

fixture_run make_setup_error_run() {
    fixture_run f;
    auto& i = f.summary.info;
    i.run_id = "r20240101T000000Z-0000";
    i.target = "http://127.0.0.1:1";
    i.target_kind = "live server";
    i.harness_version = "0.1.0";
    i.started_utc = "2024-01-01T00:00:00Z";
    i.planned = 52;
    f.summary.partial = true;
    f.summary.setup_error =
        "cannot register a user at "
        "http://127.0.0.1:1/_synapse/admin/v1/register?access_token=SEKRIT_SETUP: "
        "connection refused";
    f.summary.duration = 12ms;
    return f;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::map<std::string, std::string> read_tree(const std::filesystem::path& dir) {
    std::map<std::string, std::string> out;
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out[e.path().lexically_relative(dir).generic_string()] = read_file(e.path());
    return out;
}

}  // namespace mxc::report::test
