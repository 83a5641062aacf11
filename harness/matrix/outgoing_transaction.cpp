#include "matrix/outgoing_transaction.hpp"

#include <fmt/format.h>

#include <atomic>

#include "matrix/digest.hpp"
#include "matrix/json_limits.hpp"
#include "matrix/key_fetcher.hpp"
#include "matrix/x_matrix.hpp"
#include "util/clock.hpp"

namespace mxc::matrix {

namespace http = net::http;

namespace {

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
    return fmt::format("mxcfed{}.{}", util::unix_ms(), n.fetch_add(1));
}

sent_transaction send_transaction(const signing_key& key, const outgoing_transaction& t,
                                  const std::string& url, const net::client_options& options,
                                  std::chrono::milliseconds timeout) {
    const std::string txn = t.txn_id.empty() ? fresh_txn_id() : t.txn_id;
    const std::string target = "/_matrix/federation/v1/send/" + encode_segment(txn);
    json body = t.body ? *t.body
                       : json{{"origin", t.origin},
                              {"origin_server_ts", util::unix_ms()},
                              {"pdus", json::array()},
                              {"edus", t.edus}};
    const auto call = signed_request(key, t, target, body, timeout);

    sent_transaction out;
    const exchange_observer keep = [&out](const exchange& ex) { out.ex = ex; };
    try {
        net::http_client client(url, options);
        out.answer = send_observed(client, call, {}, body, keep);
    } catch (const std::exception& e) {
        // The observer has the exchange when the request went out; a client that could not
        // even be made (a bad URL) leaves only the reason.
        if (out.ex.method.empty()) {
            out.ex.method = "PUT";
            out.ex.target = out.ex.path = target;
        }
        if (out.ex.error.empty()) out.ex.error = e.what();
    }
    return out;
}

}  // namespace mxc::matrix
