#include "fixture.hpp"

#include <fmt/format.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <atomic>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace mxc::test {

const net::certificate_authority& test_ca() {
    static temp_dir dir;
    static const auto ca = net::certificate_authority::open_or_create(dir.path() / "ca");
    return ca;
}

net::tls_trust test_trust() {
    return {net::tls_trust::mode::ca_file, test_ca().cert_file()};
}

test_server::test_server(server_options options) : options_(std::move(options)) {
    start();
}

test_server::test_server(std::initializer_list<refserver::fault> faults)
    : test_server(server_options{faults, {}}) {}

test_server::~test_server() = default;

void test_server::start() {
    refserver::config cfg;
    cfg.listen_host = "127.0.0.1";
    cfg.listen_port =
        port_;  // 0 the first time; then the same, so clients reach it after restart()
    cfg.server_name = server_name_;
    cfg.db_path = db_path().string();
    cfg.registration_shared_secret = options_.registration_shared_secret;
    cfg.max_body_bytes = options_.max_body_bytes;
    for (auto f : options_.faults) cfg.faults.enable(f);
    cfg.log = [this](const std::string& line) {
        std::lock_guard lock(log_mutex_);
        log_.push_back(line);
    };
    if (options_.federation) {
        auto& fed = cfg.federation;
        fed.enabled = true;
        fed.listen_host = "127.0.0.1";
        fed.listen_port = federation_port_;
        fed.tls = test_ca().issue({"127.0.0.1"});
        fed.trust = test_trust();
        fed.retry_min = 20ms;
        fed.retry_max = 200ms;
        fed.request_timeout = 3s;
    }
    srv_ = std::make_unique<refserver::server>(cfg);
    srv_->start();
    server_name_ = srv_->server_name();
    port_ = srv_->port();
    federation_port_ = srv_->federation_port();
}

std::vector<std::string> test_server::log_lines() const {
    std::lock_guard lock(log_mutex_);
    return log_;
}

bool test_server::logged(const std::string& text) const {
    std::lock_guard lock(log_mutex_);
    for (const auto& line : log_)
        if (line.find(text) != std::string::npos) return true;
    return false;
}

void test_server::restart() {
    srv_.reset();
    start();
}

api_reply api_reply::from(net::http_reply r) {
    api_reply out;
    out.status = r.status;
    out.raw = std::move(r.body);
    out.body = json::parse(out.raw, nullptr, false);
    if (out.body.is_discarded()) out.body = nullptr;
    out.elapsed = r.elapsed;
    return out;
}

std::string api_reply::errcode() const {
    return body.is_object() ? body.value("errcode", std::string()) : std::string();
}

std::string api_reply::describe() const {
    return fmt::format("{} {}", status, raw.substr(0, 2000));
}

client::client(const std::string& base_url, std::string prefix)
    : http_(base_url), prefix_(std::move(prefix)) {}

api_reply client::call(http::verb method, const std::string& target, const std::string& body,
                       const std::string& token, std::chrono::milliseconds timeout) {
    net::http_call c;
    c.method = method;
    c.target = target;
    c.body = body;
    c.timeout = timeout;
    if (!token.empty()) c.headers.emplace_back("Authorization", "Bearer " + token);
    return api_reply::from(http_.send(c));
}

api_reply client::call_json(http::verb method, const std::string& target, const json& body,
                            const std::string& token) {
    return call(method, target, body.dump(), token);
}

account client::must_register(const std::string& localpart, const std::string& password) {
    json body{{"username", localpart}, {"password", password}};
    auto first = call_json(http::verb::post, path("/register"), body);
    if (first.status != 401 || !first.body.contains("session"))
        throw std::runtime_error("register: expected 401 with a session, got " + first.describe());
    body["auth"] = {{"type", "m.login.dummy"}, {"session", first.body["session"]}};
    auto done = call_json(http::verb::post, path("/register"), body);
    if (done.status != 200) throw std::runtime_error("register: " + done.describe());
    return account{done.body.at("user_id"), done.body.at("device_id"), done.body.at("access_token"),
                   password};
}

account client::must_login(const std::string& user_id, const std::string& password,
                           const std::string& device_id) {
    json body{{"type", "m.login.password"},
              {"identifier", {{"type", "m.id.user"}, {"user", user_id}}},
              {"password", password}};
    if (!device_id.empty()) body["device_id"] = device_id;
    auto r = call_json(http::verb::post, path("/login"), body);
    if (r.status != 200) throw std::runtime_error("login: " + r.describe());
    return account{r.body.at("user_id"), r.body.at("device_id"), r.body.at("access_token"),
                   password};
}

void client::must_delete_device(const account& as, const std::string& device_id) {
    const auto target = path("/devices/" + encode(device_id));
    auto first = call(http::verb::delete_, target, "{}", as.access_token);
    if (first.status != 401 || !first.body.contains("session"))
        throw std::runtime_error("delete device: expected 401 with a session, got " +
                                 first.describe());
    json body{{"auth",
               {{"type", "m.login.password"},
                {"identifier", {{"type", "m.id.user"}, {"user", as.user_id}}},
                {"password", as.password},
                {"session", first.body["session"]}}}};
    auto done = call_json(http::verb::delete_, target, body, as.access_token);
    if (done.status != 200) throw std::runtime_error("delete device: " + done.describe());
}

api_reply client::send_to_device(const account& as, const std::string& type,
                                 const std::string& txn_id, const json& messages) {
    return call_json(http::verb::put, path("/sendToDevice/" + encode(type) + "/" + encode(txn_id)),
                     json{{"messages", messages}}, as.access_token);
}

void client::must_send(const account& as, const std::string& type, const std::string& txn_id,
                       const json& messages) {
    auto r = send_to_device(as, type, txn_id, messages);
    if (r.status != 200) throw std::runtime_error("sendToDevice: " + r.describe());
}

api_reply client::sync(const account& as, const std::optional<std::string>& since,
                       std::chrono::milliseconds timeout) {
    std::string target = path("/sync?timeout=" + std::to_string(timeout.count()));
    if (since) target += "&since=" + encode(*since);
    return call(http::verb::get, target, {}, as.access_token, timeout + 10s);
}

json client::must_sync(const account& as, const std::optional<std::string>& since,
                       std::chrono::milliseconds timeout) {
    auto r = sync(as, since, timeout);
    if (r.status != 200 || !r.body.is_object() || !r.body.contains("next_batch"))
        throw std::runtime_error("sync: " + r.describe());
    return r.body;
}

constexpr const char* sentinel_type = "org.mxconform.test.sentinel";
constexpr const char* marker_type = "org.mxconform.test.marker";

json events_until_sentinel(client& c, const account& from, const account& to) {
    static std::atomic<int> counter{0};
    const std::string txn = fmt::format("sentinel-{}", counter++);
    c.must_send(from, sentinel_type, txn, to_one(to, {{"sentinel", txn}}));
    json seen = json::array();
    std::optional<std::string> since;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto body = c.must_sync(to, since, since ? 5000ms : 0ms);
        bool found = false;
        for (const auto& e : to_device_events(body)) {
            if (e.value("type", "") == sentinel_type && e["content"].value("sentinel", "") == txn)
                found = true;
            else if (e.value("type", "") != sentinel_type)
                seen.push_back(e);
        }
        since = body["next_batch"].get<std::string>();
        if (found) {
            c.must_sync(to, since);  // acknowledge, so that the next call starts afresh
            return seen;
        }
    }
    throw std::runtime_error("the sentinel did not arrive within 20 s");
}

std::future<api_reply> hold_long_poll(const std::string& base_url, client& c, const account& as,
                                      std::chrono::milliseconds timeout) {
    static std::atomic<int> counter{0};
    c.must_send(as, marker_type, fmt::format("marker-{}", counter++),
                to_one(as, {{"marker", true}}));
    auto first = c.must_sync(as);
    const auto listed = to_device_events(first);
    if (listed.size() != 1 || listed[0].value("type", "") != marker_type)
        throw std::runtime_error("hold_long_poll needs an empty inbox, got " + listed.dump());
    const std::string since = first["next_batch"];
    auto held = std::async(std::launch::async, [base_url, as, since, timeout] {
        client own(base_url);
        return own.sync(as, since, timeout);
    });
    const bool taken_up = wait_until([&] { return to_device_events(c.must_sync(as)).empty(); });
    if (!taken_up) throw std::runtime_error("the long-poll was not taken up within 10 s");
    return held;
}

json to_device_events(const json& sync_body) {
    if (!sync_body.contains("to_device")) return json::array();
    return sync_body["to_device"].value("events", json::array());
}

std::vector<int> seqs(const json& sync_body) {
    std::vector<int> out;
    for (const auto& e : to_device_events(sync_body)) out.push_back(e.at("content").at("seq"));
    return out;
}

std::vector<int> range(int from, int to) {
    std::vector<int> out(static_cast<std::size_t>(to - from));
    std::iota(out.begin(), out.end(), from);
    return out;
}

json to_one(const account& to, const json& content) {
    return json{{to.user_id, {{to.device_id, content}}}};
}

std::string encode(const std::string& s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

bool wait_until(const std::function<bool()>& check, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
        if (check()) return true;
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(5ms);  // a short yield between attempts, not a synchronisation
    }
}

}  // namespace mxc::test
