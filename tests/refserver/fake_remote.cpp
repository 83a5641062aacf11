#include "fake_remote.hpp"

#include <fmt/format.h>

#include <future>

#include "matrix/key_fetcher.hpp"

namespace mxc::test {

namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

net::response json_response(unsigned status, const json& body) {
    net::response res{static_cast<http::status>(status), 11};
    res.set(http::field::content_type, "application/json");
    res.body() = body.dump();
    return res;
}

}  // namespace

fake_remote::fake_remote()
    : key_(matrix::signing_key::generate("remote1")),
      work_(ioc_.get_executor()),
      tls_(net::server_tls_context(test_ca().issue({"127.0.0.1"}))) {
    listen();
    name_ = fmt::format("127.0.0.1:{}", port_);
    thread_ = std::thread([this] { ioc_.run(); });
}

fake_remote::~fake_remote() {
    on_io_thread([this] {
        if (http_) http_->stop();
        http_.reset();
    });
    work_.reset();
    ioc_.stop();
    thread_.join();
}

void fake_remote::listen() {
    http_ = std::make_unique<net::http_server>(
        ioc_, net::server_options{.tls = tls_},
        [this](net::request& req, const net::connection_info&) { return handle(req); });
    port_ = http_->listen({net::asio::ip::make_address("127.0.0.1"), port_}).port();
}

void fake_remote::on_io_thread(const std::function<void()>& work) {
    std::promise<void> done;
    net::asio::post(ioc_, [&] {
        work();
        done.set_value();
    });
    done.get_future().get();
}

void fake_remote::down() {
    on_io_thread([this] {
        http_->stop();
        http_.reset();
    });
}

void fake_remote::up() {
    on_io_thread([this] { listen(); });
}

std::vector<fake_remote::transaction> fake_remote::transactions() const {
    std::lock_guard lock(mutex_);
    return received_;
}

void fake_remote::answer_next(std::vector<unsigned> statuses) {
    std::lock_guard lock(mutex_);
    script_.insert(script_.end(), statuses.begin(), statuses.end());
}

net::asio::awaitable<net::response> fake_remote::hang() {
    net::asio::steady_timer timer(co_await net::asio::this_coro::executor);
    timer.expires_after(120s);
    co_await timer.async_wait(net::asio::as_tuple(net::asio::use_awaitable));
    throw net::drop_connection{};
}

net::asio::awaitable<net::response> fake_remote::handle(net::request& req) {
    const std::string target(req.target());
    if (req.method() == http::verb::get && target == "/_matrix/key/v2/server") {
        ++key_requests_;
        if (hang_keys_) co_return co_await hang();
        co_return json_response(200, matrix::make_server_keys(name_, key_, now_ms() + 3'600'000));
    }
    constexpr std::string_view send_prefix = "/_matrix/federation/v1/send/";
    if (req.method() == http::verb::put && target.starts_with(send_prefix)) {
        transaction t;
        t.txn_id = target.substr(send_prefix.size());
        t.uri = target;
        t.body = json::parse(req.body(), nullptr, false);
        for (auto [it, end] = req.equal_range(http::field::authorization); it != end; ++it)
            t.authorization.emplace_back(it->value());
        {
            std::lock_guard lock(mutex_);
            t.answered = 200;
            if (!script_.empty()) {
                t.answered = script_.front();
                script_.pop_front();
            }
            received_.push_back(t);
        }
        if (t.answered == 0) co_return co_await hang();
        co_return t.answered == 200
            ? json_response(200, {{"pdus", json::object()}})
            : json_response(t.answered, {{"errcode", "M_UNKNOWN"}, {"error", "scripted"}});
    }
    co_return json_response(404, {{"errcode", "M_UNRECOGNIZED"}, {"error", "not served here"}});
}

json fake_remote::transaction_body(const json& edus) const {
    return {
        {"origin", name_}, {"origin_server_ts", now_ms()}, {"pdus", json::array()}, {"edus", edus}};
}

net::http_call fake_remote::signed_send(const std::string& destination, const std::string& txn_id,
                                        const json& body, const matrix::signing_key& key) const {
    return matrix::signed_call(key, name_, destination, http::verb::put,
                               "/_matrix/federation/v1/send/" + txn_id, &body, 10s);
}

api_reply fake_remote::call(const test_server& to, const net::http_call& call) const {
    net::client_options options;
    options.tls = net::client_tls_context(test_trust());
    options.tls_server_name = "127.0.0.1";
    net::http_client http(to.federation_url(), options);
    auto r = http.send(call);
    api_reply out;
    out.status = r.status;
    out.raw = std::move(r.body);
    out.body = json::parse(out.raw, nullptr, false);
    if (out.body.is_discarded()) out.body = nullptr;
    return out;
}

api_reply fake_remote::send(const test_server& to, const std::string& txn_id,
                            const json& edus) const {
    return call(to, signed_send(to.server_name(), txn_id, transaction_body(edus), key_));
}

}  // namespace mxc::test
