// What every client-API handler of the reference server shares: the parsed request, the
// server's state, and JSON answers.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "matrix/errors.hpp"
#include "net/beast.hpp"
#include "net/http_server.hpp"
#include "refserver/config.hpp"
#include "refserver/group_commit.hpp"
#include "refserver/notifier.hpp"
#include "refserver/store.hpp"

namespace mxc::refserver {

using json = nlohmann::json;
using matrix::api_error;

struct api_request {
    net::request& raw;
    std::string path;                          // as sent, still percent-encoded, no query
    std::vector<std::string> segments;         // decoded path segments
    std::map<std::string, std::string> query;  // decoded; the last value of a repeated key
    std::string access_token;                  // Authorization: Bearer, or ?access_token=

    // The body as a JSON object; 400 M_NOT_JSON / M_BAD_JSON otherwise.
    json body_object() const;
};

struct json_reply {
    unsigned status = 200;
    json body = json::object();
};

// Server state the handlers share; everything is used from the io_context thread only.
struct server_state {
    const config& cfg;
    std::string server_name;
    store& db;
    notifier& wake;
    group_commit& commits;
    // Called once the outbox holds new EDUs for destination; null when federation is off.
    std::function<void(const std::string& destination)> outbox_filled;
};

api_request parse_request(net::request& raw);  // throws api_error for an unparsable target
net::response to_response(const json_reply& reply);
net::response error_response(const api_error& e);

// The envelope of every API request: parsed, answered by (api.*dispatch), and an api_error (bad
// input) or any other exception (a bug or a storage failure: 500) turned into its response.
// A request cancelled because its client left (net/http_server.hpp, release_on_disconnect) has
// no response: its operation_aborted passes through.
template <class Api>
net::asio::awaitable<net::response> answer_request(
    Api& api, net::asio::awaitable<json_reply> (Api::*dispatch)(const api_request&),
    net::request& req) {
    std::optional<api_error> failure;
    net::response res;
    try {
        const auto r = parse_request(req);
        res = to_response(co_await (api.*dispatch)(r));
    } catch (const api_error& e) {
        failure = e;
    } catch (const boost::system::system_error& e) {
        if (e.code() == net::asio::error::operation_aborted) throw;
        failure = api_error(500, "M_UNKNOWN", std::string("internal error: ") + e.what());
    } catch (const std::exception& e) {
        failure = api_error(500, "M_UNKNOWN", std::string("internal error: ") + e.what());
    }
    if (failure) res = error_response(*failure);
    co_return res;
}

// The status logged for a request whose client left before its answer (nginx's 499): no status
// was sent.
inline constexpr unsigned client_closed_request = 499;

// One line per request to cfg.log (when set), any access_token in the query redacted; prefix
// tells the listeners apart.
void log_request(const config& cfg, std::string_view prefix, const net::request& req,
                 const net::connection_info& conn, unsigned status, std::size_t bytes,
                 std::chrono::steady_clock::duration took);

// The caller's device, from the access token; 401 M_MISSING_TOKEN / M_UNKNOWN_TOKEN.
device_record authenticate(server_state& s, const api_request& r);

}  // namespace mxc::refserver
