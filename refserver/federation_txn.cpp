#include "refserver/federation_txn.hpp"

#include <fmt/format.h>

#include "matrix/digest.hpp"
#include "matrix/ids.hpp"

namespace mxc::refserver {

namespace {

// transaction.yaml: at most 50 PDUs and 100 EDUs per transaction.
constexpr std::size_t max_pdus = 50;
constexpr std::size_t max_edus = 100;

void log(const server_state& s, const std::string& line) {
    if (s.cfg.log) s.cfg.log("federation: " + line);
}

void check_shape(const server_state& s, const std::string& origin, const json& body) {
    auto it = body.find("origin");
    if (it == body.end() || !it->is_string())
        throw api_error(400, "M_BAD_JSON", "the transaction has no string 'origin'");
    if (it->get<std::string>() != origin)
        throw api_error(
            400, "M_BAD_JSON",
            fmt::format("the transaction's origin '{}' is not the Authorization header's '{}'",
                        it->get<std::string>(), origin));
    it = body.find("origin_server_ts");
    if (it == body.end() || !it->is_number_integer())
        throw api_error(400, "M_BAD_JSON", "the transaction has no integer 'origin_server_ts'");
    it = body.find("pdus");
    if (it == body.end() || !it->is_array())
        throw api_error(400, "M_BAD_JSON", "the transaction has no 'pdus' array");
    if (it->size() > max_pdus) throw api_error(400, "M_BAD_JSON", "too many PDUs");
    it = body.find("edus");
    if (it != body.end() && !it->is_array())
        throw api_error(400, "M_BAD_JSON", "'edus' must be an array");
    if (it != body.end() && it->size() > max_edus &&
        !s.cfg.faults.has(fault::inbound_edu_limit_ignored))
        throw api_error(400, "M_BAD_JSON", "too many EDUs");
}

// One m.direct_to_device EDU's content as deliveries to this server's devices; nullopt (and a
// log line) for an EDU to drop whole.
std::optional<inbound_message> read_edu(server_state& s, const std::string& origin,
                                        const json& content) {
    const auto& f = s.cfg.faults;
    auto text = [&](const char* key) -> std::optional<std::string> {
        auto it = content.find(key);
        if (it == content.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    };
    if (!content.is_object()) {
        log(s, fmt::format("dropped an m.direct_to_device EDU from {}: content is not an object",
                           origin));
        return std::nullopt;
    }
    const auto sender = text("sender");
    const auto type = text("type");
    auto message_id = text("message_id");
    if (!message_id && f.has(fault::accept_missing_message_id))
        message_id = matrix::random_token(16);
    const auto messages = content.find("messages");
    if (!sender || !type || messages == content.end() || !messages->is_object()) {
        log(s, fmt::format("dropped an m.direct_to_device EDU from {}: no string sender and type, "
                           "or no messages object",
                           origin));
        return std::nullopt;
    }
    // message_id is required: without it a retried transaction could not be told apart.
    if (!message_id) {
        log(s,
            fmt::format("dropped an m.direct_to_device EDU from {}: no string message_id", origin));
        return std::nullopt;
    }
    const auto uid = matrix::parse_user_id(*sender);
    if (!uid) {
        log(s,
            fmt::format("dropped an m.direct_to_device EDU from {}: sender '{}' is not a user id",
                        origin, *sender));
        return std::nullopt;
    }
    // A server speaks only for its own users (Synapse merely logs this; we refuse).
    if (uid->server_name != origin && !f.has(fault::accept_spoofed_sender)) {
        log(s,
            fmt::format(
                "dropped an m.direct_to_device EDU from {}: sender '{}' belongs to another server",
                origin, *sender));
        return std::nullopt;
    }

    inbound_message out{*message_id, *sender, *type, {}};
    for (const auto& [user, devices] : messages->items()) {
        const auto recipient = matrix::parse_user_id(user);
        // Recipients on other servers are not ours to deliver to; unknown users are dropped.
        if (!recipient || recipient->server_name != s.server_name || !devices.is_object()) continue;
        if (!s.db.user_exists(user)) continue;
        // As for a local send: "*" reaches every device the user has now, an explicit id
        // beside it gets its own content.
        std::map<std::int64_t, const json*> targets;
        if (auto star = devices.find("*"); star != devices.end() && star->is_object() &&
                                           !f.has(fault::inbound_wildcard_unexpanded))
            for (const auto& d : s.db.devices_of(user)) targets[d.row] = &*star;
        for (const auto& [device_id, body] : devices.items()) {
            if (device_id == "*" || !body.is_object()) continue;
            if (auto d = s.db.find_device(user, device_id)) targets[d->row] = &body;
        }
        const int copies = f.has(fault::duplicate_delivery) ? 2 : 1;
        for (const auto& [row, body] : targets)
            for (int i = 0; i < copies; ++i) out.deliveries.push_back({row, body->dump()});
    }
    return out;
}

}  // namespace

json_reply receive_transaction(server_state& s, const std::string& origin,
                               const std::string& txn_id, const json& body) {
    check_shape(s, origin, body);
    const bool dedup = !s.cfg.faults.has(fault::no_inbound_dedup);
    // A retried transaction is answered as before and changes nothing (server-server API,
    // "Transactions": the same txnId is a retry).
    if (dedup)
        if (auto prior = s.db.find_federation_txn(origin, txn_id))
            return {200, json::parse(*prior)};

    json pdus = json::object();
    for (const auto& pdu : body["pdus"])
        if (pdu.is_object() && pdu.contains("event_id") && pdu["event_id"].is_string())
            pdus[pdu["event_id"].get<std::string>()] = {{"error", "not supported"}};

    const json answer{{"pdus", std::move(pdus)}};
    // The black-hole fault: the transaction is accepted and its EDUs forgotten.
    if (s.cfg.faults.has(fault::black_hole)) return {200, answer};

    std::vector<inbound_message> messages;
    if (auto edus = body.find("edus"); edus != body.end()) {
        for (const auto& edu : *edus) {
            if (!edu.is_object() || edu.value("edu_type", json()) != "m.direct_to_device") continue;
            if (auto m = read_edu(s, origin, edu.value("content", json())))
                messages.push_back(std::move(*m));
        }
    }

    for (auto row : s.db.record_inbound(origin, txn_id, answer.dump(), messages, dedup))
        s.wake.notify(row);
    return {200, answer};
}

}  // namespace mxc::refserver
