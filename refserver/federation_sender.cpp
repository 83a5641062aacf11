#include "refserver/federation_sender.hpp"

#include <fmt/format.h>

#include "matrix/digest.hpp"
#include "matrix/key_fetcher.hpp"
#include "net/http_client.hpp"
#include "refserver/blocking.hpp"
#include "util/clock.hpp"

namespace mxc::refserver {

namespace asio = net::asio;

namespace {

// The host part of a server name, which the destination's certificate must name (an IP
// literal's certificate its IP).
std::string host_of(std::string_view server_name) {
    const auto colon = server_name.rfind(':');
    const auto bracket = server_name.rfind(']');
    const bool has_port =
        colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    std::string host(server_name.substr(0, has_port ? colon : server_name.size()));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    return host;
}

}  // namespace

// One transaction as it is (re)sent: the same txnId and body on every attempt.
struct federation_sender::transaction {
    std::string id;
    std::vector<std::int64_t> rows;  // its outbox rows, deleted once the destination answers 200
    json body;
};

federation_sender::federation_sender(server_state& s, const matrix::signing_key& key,
                                     asio::any_io_executor executor, asio::thread_pool& pool,
                                     std::shared_ptr<net::ssl::context> tls)
    : s_(s),
      key_(key),
      executor_(std::move(executor)),
      pool_(pool),
      tls_(std::move(tls)),
      started_ms_(util::unix_ms()) {}

void federation_sender::start() {
    for (const auto& destination : s_.db.outbox_destinations()) wake(destination);
}

void federation_sender::wake(const std::string& destination) {
    if (!running_.insert(destination).second) return;  // the running sender picks the EDUs up
    asio::co_spawn(executor_, run(destination), asio::detached);
}

void federation_sender::log(const std::string& line) const {
    if (s_.cfg.log) s_.cfg.log("federation: " + line);
}

asio::awaitable<federation_sender::outcome> federation_sender::put(const std::string& destination,
                                                                   const transaction& txn) {
    const auto& f = s_.cfg.faults;
    const auto& fed = s_.cfg.federation;
    const std::string signed_for =
        f.has(fault::wrong_destination) ? "wrong.example.org" : destination;
    auto call = matrix::signed_call(key_, s_.server_name, signed_for, net::http::verb::put,
                                    "/_matrix/federation/v1/send/" + txn.id, &txn.body,
                                    fed.request_timeout);
    if (f.has(fault::unsigned_requests))
        std::erase_if(call.headers,
                      [](const auto& h) { return net::beast::iequals(h.first, "Authorization"); });
    net::client_options options;
    options.connect_timeout = fed.request_timeout;
    options.body_limit = 1024 * 1024;
    options.tls = tls_;
    options.tls_server_name = host_of(destination);
    const auto resolve =
        fed.resolve ? fed.resolve : matrix::federation_resolver(matrix::default_federation_url);
    auto job = [call = std::move(call), options, resolve, destination]() -> outcome {
        try {
            net::http_client http(resolve(destination), options);
            auto reply = http.send(call);
            return {reply.status, reply.body.substr(0, 200)};
        } catch (const std::exception& e) {
            return {0, e.what()};
        }
    };
    co_return co_await run_blocking(pool_, std::move(job));
}

asio::awaitable<void> federation_sender::run(std::string destination) {
    const auto& f = s_.cfg.faults;
    const auto& fed = s_.cfg.federation;
    const std::size_t limit = f.has(fault::edu_batch_over_100) ? 1000 : 100;
    auto backoff = fed.retry_min;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    try {
        for (;;) {
            const auto batch = s_.db.outbox_batch(destination, limit);
            if (batch.empty()) break;
            transaction txn{fmt::format("{}.{}", started_ms_, next_txn_++), {}, {}};
            json edus = json::array();
            for (const auto& row : batch) {
                txn.rows.push_back(row.id);
                edus.push_back(
                    {{"edu_type", "m.direct_to_device"}, {"content", json::parse(row.content)}});
            }
            txn.body = {{"origin", s_.server_name},
                        {"origin_server_ts", util::unix_ms()},
                        {"pdus", json::array()},
                        {"edus", std::move(edus)}};
            for (int attempt = 1;; ++attempt) {
                const auto result = co_await put(destination, txn);
                if (result.status == 200) {
                    log(fmt::format("{} accepted transaction {} ({} EDUs)", destination, txn.id,
                                    txn.rows.size()));
                    s_.db.delete_outbox(txn.rows);
                    backoff = fed.retry_min;
                    break;
                }
                const auto why = result.status
                                     ? fmt::format("answered {} {}", result.status, result.detail)
                                     : result.detail;
                if (f.has(fault::no_retry)) {
                    log(fmt::format("{}: transaction {} failed ({}); dropping its {} EDUs",
                                    destination, txn.id, why, txn.rows.size()));
                    s_.db.delete_outbox(txn.rows);
                    break;
                }
                log(fmt::format("{}: transaction {} attempt {} failed ({}); retrying in {} ms",
                                destination, txn.id, attempt, why, backoff.count()));
                timer.expires_after(backoff);
                co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
                backoff = std::min(backoff * 2, fed.retry_max);
                if (f.has(fault::new_message_id_on_retry))
                    for (auto& edu : txn.body["edus"])
                        if (edu["content"].contains("message_id"))
                            edu["content"]["message_id"] = matrix::random_token(16);
            }
        }
    } catch (const std::exception& e) {
        // A storage failure: this sender ends; the next message for the destination restarts it.
        log(fmt::format("{}: sender stopped: {}", destination, e.what()));
    }
    running_.erase(destination);
}

}  // namespace mxc::refserver
