#include "matrix/outgoing_transaction.hpp"

#include <fmt/format.h>

#include <atomic>

#include "matrix/digest.hpp"
#include "matrix/json_limits.hpp"
#include "matrix/key_fetcher.hpp"
#include "matrix/x_matrix.hpp"

namespace mxc::matrix {

namespace http = net::http;

namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The request as signed: a stranger's key, another destination, no signature, or the
// signature of another request (well formed, but not over this one).
net::http_call signed_request(const signing_key& key, const outgoing_transaction& t,
                              const std::string& target, const json& body,
                              std::chrono::milliseconds timeout) {
    using sig = outgoing_transaction::signature;
    std::optional<signing_key> stranger;
    if (t.sign == sig::unknown_key)
        stranger.emplace(signing_key::generate("unpublished" + random_token(4)));
    const signing_key& signer = stranger ? *stranger : key;
    const std::string destination =
        t.sign == sig::wrong_destination ? "wrong.example.org" : t.destination;
    auto call = signed_call(signer, t.origin, destination, http::verb::put, target, &body, timeout);
    if (t.sign == sig::none) {
        std::erase_if(call.headers, [](const auto& h) { return h.first == "Authorization"; });
    } else if (t.sign == sig::bad_signature) {
        const auto other = sign_request(signer, "PUT", target + "x", t.origin, destination, &body);
        for (auto& h : call.headers)
            if (h.first == "Authorization") h.second = other;
    }
    return call;
}

}  // namespace

std::optional<outgoing_transaction::signature> parse_signature(std::string_view name) {
    using sig = outgoing_transaction::signature;
    if (name == "valid") return sig::valid;
    if (name == "none") return sig::none;
    if (name == "bad_signature") return sig::bad_signature;
    if (name == "unknown_key") return sig::unknown_key;
    if (name == "wrong_destination") return sig::wrong_destination;
    return std::nullopt;
}

std::string fresh_txn_id() {
    static std::atomic<std::uint64_t> n{0};
    return fmt::format("mxcfed{}.{}", now_ms(), n.fetch_add(1));
}

sent_transaction send_transaction(const signing_key& key, const outgoing_transaction& t,
                                  const std::string& url, const net::client_options& options,
                                  std::chrono::milliseconds timeout) {
    const std::string txn = t.txn_id.empty() ? fresh_txn_id() : t.txn_id;
    const std::string target = "/_matrix/federation/v1/send/" + encode_segment(txn);
    json body = t.body ? *t.body
                       : json{{"origin", t.origin},
                              {"origin_server_ts", now_ms()},
                              {"pdus", json::array()},
                              {"edus", t.edus}};
    const auto call = signed_request(key, t, target, body, timeout);

    sent_transaction out;
    auto& ex = out.ex;
    ex.started = std::chrono::steady_clock::now();
    ex.method = "PUT";
    ex.target = target;
    ex.path = target;
    ex.request_headers = call.headers;
    ex.request_body = call.body;
    ex.sent_json = std::move(body);
    net::http_reply reply;
    try {
        net::http_client client(url, options);
        reply = client.send(call);
    } catch (const std::exception& e) {
        ex.error = e.what();
        ex.elapsed_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ex.started)
                .count();
        return out;
    }
    ex.status = reply.status;
    ex.response_headers = reply.headers;
    ex.response_body = reply.body;
    ex.elapsed_ms = std::chrono::duration<double, std::milli>(reply.elapsed).count();
    auto& r = out.answer;
    r.status = reply.status;
    r.raw = reply.body;
    r.elapsed_ms = ex.elapsed_ms;
    if (auto parsed = parse_bounded(reply.body)) {
        r.body = std::move(*parsed);
        r.is_json = true;
        ex.received_json = r.body;
    }
    return out;
}

}  // namespace mxc::matrix
