#include "fed_scene.hpp"

#include <fmt/format.h>

#include <strings.h>

#include "matrix/key_fetcher.hpp"

namespace mxc::test {

namespace {

constexpr std::string_view send_prefix = "/_matrix/federation/v1/send/";

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

matrix::mock_options remote_options() {
    matrix::mock_options o;
    o.ca = &test_ca();
    // No target_keys: the remote does not judge the server's signatures; the tests of signing
    // (federation_out, the signing faults) check what it recorded themselves.
    return o;
}

}  // namespace

fed_scene::fed_scene(std::initializer_list<refserver::fault> faults)
    : scene(server_options{faults, {}, 64 * 1024, true}), remote(remote_options()) {
    remote.start();
    carol = "@carol:" + remote.server_name();
}

json fed_scene::edu(const std::string& sender, const std::string& message_id,
                    const json& messages) {
    return {
        {"edu_type", "m.direct_to_device"},
        {"content",
         {{"sender", sender}, {"type", type}, {"message_id", message_id}, {"messages", messages}}}};
}

json fed_scene::edu_to(const account& to, const std::string& message_id, int seq) const {
    return edu(carol, message_id, to_one(to, {{"seq", seq}}));
}

json fed_scene::transaction_body(const json& edus) const {
    return {{"origin", remote.server_name()},
            {"origin_server_ts", now_ms()},
            {"pdus", json::array()},
            {"edus", edus}};
}

net::http_call fed_scene::signed_send(const std::string& destination, const std::string& txn_id,
                                      const json& body, const matrix::signing_key& key) const {
    return matrix::signed_call(key, remote.server_name(), destination, http::verb::put,
                               std::string(send_prefix) + txn_id, &body, 10s);
}

api_reply fed_scene::call(const net::http_call& call) const {
    net::client_options options;
    options.tls = net::client_tls_context(test_trust());
    options.tls_server_name = "127.0.0.1";
    net::http_client http(srv.federation_url(), options);
    return api_reply::from(http.send(call));
}

api_reply fed_scene::deliver(const std::string& txn_id, const json& edus) const {
    return call(signed_send(srv.server_name(), txn_id, transaction_body(edus), remote.key()));
}

void fed_scene::must_deliver(const std::string& txn_id, const json& edus) const {
    auto r = deliver(txn_id, edus);
    if (r.status != 200) throw std::runtime_error("PUT /send: " + r.describe());
}

void fed_scene::send_to_carol(int seq, const std::string& device) {
    c.must_send(alice, type, "t" + std::to_string(txn++), {{carol, {{device, {{"seq", seq}}}}}});
}

std::vector<fed_scene::transaction> fed_scene::transactions() const {
    std::vector<transaction> out;
    for (const auto& r : remote.requests()) {
        if (r.method != "PUT" || !r.path.starts_with(send_prefix)) continue;
        transaction t;
        t.txn_id = r.path.substr(send_prefix.size());
        t.uri = r.target;
        t.body = r.body_json.value_or(json());
        for (const auto& [name, value] : r.headers)
            if (::strcasecmp(name.c_str(), "Authorization") == 0) t.authorization.push_back(value);
        t.answered = r.status;
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<fed_scene::transaction> fed_scene::wait_for_transactions(
    std::size_t n, std::chrono::milliseconds limit) const {
    // The remote records a request when it arrives and its status when it has answered.
    const auto answered = [&] {
        std::size_t count = 0;
        for (const auto& r : remote.requests())
            if (r.method == "PUT" && r.path.starts_with(send_prefix) && r.status != 0) ++count;
        return count;
    };
    if (!wait_until([&] { return answered() >= n; }, limit))
        throw std::runtime_error(
            fmt::format("the remote answered {} transactions within {} ms, not {}", answered(),
                        limit.count(), n));
    return transactions();
}

std::vector<int> fed_scene::seqs_for_carol(bool accepted_only) const {
    std::vector<int> out;
    for (const auto& t : transactions()) {
        if ((accepted_only && t.answered != 200) || !t.body.contains("edus")) continue;
        for (const auto& e : t.body["edus"])
            for (const auto& [device, content] : e["content"]["messages"][carol].items())
                out.push_back(content["seq"]);
    }
    return out;
}

}  // namespace mxc::test
