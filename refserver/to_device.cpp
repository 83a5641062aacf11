#include "refserver/to_device.hpp"

#include <charconv>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "matrix/digest.hpp"
#include "matrix/ids.hpp"
#include "refserver/filters.hpp"

namespace mxc::refserver {

namespace asio = net::asio;

std::string sync_token::encode() const {
    return fmt::format("{}{}_{}_{}", initial ? 'i' : 's', ack, seen, device_row);
}

std::optional<sync_token> sync_token::decode(std::string_view s) {
    if (s.empty() || (s.front() != 's' && s.front() != 'i')) return std::nullopt;
    const bool initial = s.front() == 'i';
    s.remove_prefix(1);
    std::int64_t parts[3];
    for (int i = 0; i < 3; ++i) {
        const auto end = i < 2 ? s.find('_') : s.size();
        if (end == std::string_view::npos) return std::nullopt;
        auto [p, ec] = std::from_chars(s.data(), s.data() + end, parts[i]);
        if (ec != std::errc{} || p != s.data() + end || parts[i] < 0) return std::nullopt;
        s.remove_prefix(i < 2 ? end + 1 : end);
    }
    return sync_token{parts[0], parts[1], parts[2], initial};
}

namespace {

// Checks the whole body before anything is stored: a malformed request delivers nothing.
const json& validated_messages(const json& body) {
    auto it = body.find("messages");
    if (it == body.end()) throw api_error(400, "M_MISSING_PARAM", "missing 'messages'");
    if (!it->is_object())
        throw api_error(400, "M_BAD_JSON", "'messages' must be an object of user ids");
    for (const auto& [user, devices] : it->items()) {
        if (!matrix::parse_user_id(user))
            throw api_error(400, "M_INVALID_PARAM",
                            fmt::format("'messages' key '{}' is not a user id", user));
        if (!devices.is_object())
            throw api_error(400, "M_BAD_JSON",
                            fmt::format("'messages.{}' must be an object of device ids", user));
        for (const auto& [device, content] : devices.items()) {
            if (!content.is_object())
                throw api_error(
                    400, "M_BAD_JSON",
                    fmt::format("'messages.{}.{}' must be an object (the event content)", user,
                                device));
        }
    }
    return *it;
}

// The lenient-body fault: whatever part of the body has the right shape, the rest ignored.
json readable_messages(const json& body) {
    json kept = json::object();
    auto it = body.find("messages");
    if (it == body.end() || !it->is_object()) return kept;
    for (const auto& [user, devices] : it->items()) {
        if (!matrix::parse_user_id(user) || !devices.is_object()) continue;
        for (const auto& [device, content] : devices.items())
            if (content.is_object()) kept[user][device] = content;
    }
    return kept;
}

std::int64_t parse_timeout(const api_request& r, std::chrono::milliseconds max) {
    auto it = r.query.find("timeout");
    if (it == r.query.end() || it->second.empty()) return 0;
    std::int64_t ms = 0;
    auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), ms);
    if (ec != std::errc{} || p != it->second.data() + it->second.size() || ms < 0)
        throw api_error(400, "M_INVALID_PARAM",
                        "'timeout' must be a non-negative integer of milliseconds");
    return std::min<std::int64_t>(ms, max.count());
}

// A /sync response: the to-device events, and the parts this server has nothing for.
json sync_body(const sync_token& next, json events) {
    return json{{"next_batch", next.encode()},
                {"to_device", {{"events", std::move(events)}}},
                {"rooms",
                 {{"join", json::object()}, {"invite", json::object()}, {"leave", json::object()}}},
                {"presence", {{"events", json::array()}}},
                {"account_data", {{"events", json::array()}}},
                {"device_lists", {{"changed", json::array()}, {"left", json::array()}}},
                {"device_one_time_keys_count", json::object()}};
}

}  // namespace

asio::awaitable<json_reply> to_device::send(const api_request& r, const std::string& event_type,
                                            const std::string& txn_id) {
    const auto sender = authenticate(s_, r);
    const auto& f = s_.cfg.faults;
    s_.db.begin_send();

    // A retransmission is the same device, the same path (version prefix and event type
    // included) and the same txnId; it gets the original response and stores nothing.
    std::optional<txn_key> key;
    if (!f.has(fault::ignore_txn)) {
        key = txn_key{sender.row, f.has(fault::txn_ignores_path) ? std::string() : r.path, txn_id};
        if (f.has(fault::txn_per_user)) key = txn_key{0, sender.user_id + " " + key->path, txn_id};
        // The first request may still be in the open batch: its answer waits for the commit.
        if (auto prior = s_.db.find_txn(*key)) {
            co_await s_.commits.durable();
            co_return json_reply{prior->status, json::parse(prior->body)};
        }
    }

    json body;
    try {
        body = r.body_object();
    } catch (const api_error&) {
        if (!f.has(fault::lenient_body)) throw;
        body = json::object();  // the lenient-body fault takes even a non-JSON body as empty
    }
    json readable;  // only the lenient-body fault fills it
    const json& messages = f.has(fault::lenient_body) ? (readable = readable_messages(body))
                                                      : validated_messages(body);

    std::vector<delivery> local;
    std::map<std::string, json> remote;  // destination -> the EDU's messages
    for (const auto& [user, devices] : messages.items()) {
        const auto uid = *matrix::parse_user_id(user);
        if (uid.server_name != s_.server_name) {
            if (f.has(fault::wildcard_not_forwarded) && devices.contains("*")) {
                json named = devices;
                named.erase("*");
                if (!named.empty()) remote[uid.server_name][user] = std::move(named);
                continue;
            }
            remote[uid.server_name][user] = devices;
            continue;
        }
        // Every device is read only when "*" (or a fault) needs them; a request naming one
        // device of a user with a hundred reads one row (measured in bench/), and that row also
        // proves the user exists.
        const bool need_all = devices.contains("*") || f.has(fault::deliver_to_all_devices);
        std::optional<device_record> lone;
        if (!need_all && devices.size() == 1) lone = s_.db.find_device(user, devices.begin().key());
        if (!lone && !s_.db.user_exists(user)) {
            if (f.has(fault::reject_unknown_recipient))
                throw api_error(400, "M_INVALID_PARAM", fmt::format("unknown user '{}'", user));
            continue;  // unknown users are dropped; the rest of the request still counts
        }
        const auto known = need_all ? s_.db.devices_of(user) : std::vector<device_record>{};
        // One message per device: "*" reaches every device the user has now; an explicit id
        // beside it gets its own content instead.
        std::map<std::int64_t, const json*> targets;
        if (f.has(fault::wildcard_no_devices_400) && devices.contains("*") && known.empty())
            throw api_error(400, "M_INVALID_PARAM", fmt::format("'{}' has no devices", user));
        if (auto star = devices.find("*"); star != devices.end()) {
            for (const auto& d : known) {
                if (f.has(fault::wildcard_skips_sender) && d.row == sender.row) continue;
                targets[d.row] = &*star;
            }
        }
        for (const auto& [device_id, content] : devices.items()) {
            if (device_id == "*") continue;
            std::optional<device_record> d;
            if (need_all) {
                // Named in the capture: clang before 16 cannot capture a structured binding.
                auto it =
                    std::find_if(known.begin(), known.end(),
                                 [&id = device_id](const auto& k) { return k.device_id == id; });
                if (it != known.end()) d = *it;
            } else {
                d = lone ? lone : s_.db.find_device(user, device_id);
            }
            if (!d) {
                if (f.has(fault::reject_unknown_recipient))
                    throw api_error(400, "M_INVALID_PARAM",
                                    fmt::format("unknown device '{}' of '{}'", device_id, user));
                continue;
            }
            targets[d->row] = &content;
            if (f.has(fault::deliver_to_all_devices))
                for (const auto& k : known) targets.emplace(k.row, &content);
        }
        const int copies = f.has(fault::duplicate_delivery) ? 2 : 1;
        for (const auto& [row, content] : targets)
            for (int i = 0; i < copies; ++i) local.push_back({row, content->dump()});
    }

    std::vector<outbound_edu> edus;
    for (auto& [destination, users] : remote) {
        // Like Synapse, a random 16-character message_id per destination: the receiver's
        // idempotence key when a transaction is retried (server-server API, "Send-to-device").
        json edu{{"sender", sender.user_id}, {"type", event_type}, {"messages", std::move(users)}};
        if (!f.has(fault::edu_missing_message_id)) edu["message_id"] = matrix::random_token(16);
        edus.push_back({destination, edu.dump()});
    }

    // The black-hole fault: a valid request is answered as if accepted, and forgotten.
    if (f.has(fault::black_hole)) co_return json_reply{200, json::object()};

    const stored_response response{200, "{}"};
    s_.db.record_send(sender.user_id, event_type, local, edus, key, response);
    co_await s_.commits.durable();
    std::set<std::int64_t> woken;
    for (const auto& d : local)
        if (woken.insert(d.device_row).second) s_.wake.notify(d.device_row);
    if (s_.outbox_filled)
        for (const auto& edu : edus) s_.outbox_filled(edu.destination);
    co_return json_reply{response.status, json::object()};
}

asio::awaitable<json_reply> to_device::sync(const api_request& r) {
    const auto device = authenticate(s_, r);
    const auto& f = s_.cfg.faults;
    auto timeout = std::chrono::milliseconds(parse_timeout(r, s_.cfg.max_sync_timeout));
    if (f.has(fault::min_sync_timeout) && timeout.count() > 0)
        timeout = std::max(timeout, min_sync_timeout_hold);

    // A filter selects among rooms, presence and account data; to-device events pass any.
    if (auto it = r.query.find("filter"); it != r.query.end())
        check_sync_filter(s_, device.user_id, it->second);

    std::optional<sync_token> since;
    if (auto it = r.query.find("since"); it != r.query.end()) {
        since = sync_token::decode(it->second);
        if (!since)
            throw api_error(400, "M_INVALID_PARAM", "'since' is not a token this server issued");
    }

    // Acknowledgement: the token names what the response that issued it listed.
    const bool keep_acked = f.has(fault::initial_sync_relists_acked);
    if (since && f.has(fault::ack_any_since)) {
        s_.db.delete_up_to(device.row, std::numeric_limits<std::int64_t>::max(), keep_acked);
    } else if (since && since->device_row == device.row && !f.has(fault::no_ack_delete)) {
        s_.db.delete_up_to(device.row, std::min(since->ack, s_.db.max_stream_id()), keep_acked);
    }

    // The static-initial-token fault: the initial /sync's token only yields an empty response
    // and an ordinary token of the same position (a server whose first token stands for "the
    // rest of the initial sync").
    if (since && since->initial && f.has(fault::static_initial_token))
        co_return json_reply{
            200, sync_body(sync_token{since->ack, since->seen, since->device_row}, json::array())};

    const std::size_t limit = f.has(fault::no_limit)    ? std::numeric_limits<std::int32_t>::max()
                              : f.has(fault::limit_101) ? 101
                                                        : s_.cfg.sync_limit;
    auto ready = [&] {
        if (f.has(fault::no_immediate_after_limit) && since)
            return s_.db.has_pending_after(device.row, since->seen);
        return !s_.db.pending(device.row, 1).empty();
    };

    // An initial sync answers at once; an incremental one waits for a message or its timeout.
    if (since && timeout.count() > 0 && !ready()) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        asio::steady_timer timer(co_await asio::this_coro::executor);
        while (!ready() && std::chrono::steady_clock::now() < deadline) {
            timer.expires_at(deadline);
            std::optional<notifier::subscription> sub;
            if (!f.has(fault::no_wake)) sub.emplace(s_.wake, device.row, timer);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        }
    }

    const bool initial = !since;
    const auto batch = initial && keep_acked ? s_.db.pending_and_acked(device.row, limit)
                                             : s_.db.pending(device.row, limit);
    const bool limited = batch.size() >= limit;
    const sync_token next{limited ? batch.back().stream_id : s_.db.max_stream_id(),
                          s_.db.max_stream_id(), device.row,
                          initial && f.has(fault::static_initial_token)};

    json events = json::array();
    std::vector<std::int64_t> listed;
    for (const auto& m : batch) {
        json e{{"type", m.type}, {"content", json::parse(m.content)}};
        if (!f.has(fault::event_missing_sender)) e["sender"] = m.sender;
        if (f.has(fault::extra_event_keys)) e["message_id"] = std::to_string(m.stream_id);
        events.push_back(std::move(e));
        listed.push_back(m.stream_id);
    }
    // Both faults list the batch of the oldest pending messages, newest first.
    if (f.has(fault::reorder) || (initial && f.has(fault::initial_sync_newest_first)))
        std::reverse(events.begin(), events.end());
    if (f.has(fault::delete_on_delivery)) s_.db.delete_ids(device.row, listed);

    co_return json_reply{200, sync_body(next, std::move(events))};
}

}  // namespace mxc::refserver
