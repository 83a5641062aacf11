// The mock remote's route table: method and path template (`/_matrix/federation/v1/send/{txnId}`)
// to a handler that builds the answer from the request. A request no route takes is answered
// 404 and counted against the target unless the case allowed its path (mock_remote is strict).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/beast.hpp"

namespace mxc::matrix {

using json = nlohmann::json;

// One request the target made to the mock, with the mock's answer.
struct mock_request {
    std::size_t index = 0;  // arrival order, from 0
    std::chrono::steady_clock::time_point at;
    std::string method;
    std::string target;  // as sent: path and query
    std::string path;    // without the query
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::optional<json> body_json;
    unsigned status = 0;  // 0: not answered (held or dropped)
    std::string answer;
    std::string origin;                 // from a verified X-Matrix header
    std::vector<std::string> problems;  // what was wrong with the request, in our words
    bool known_endpoint = true;         // false: no route took it
    double elapsed_ms = 0;
};

// What a route answers: JSON with a status, or no answer at all (the connection dropped at once,
// or held until the mock's hold_for passes). problems are recorded on the request: each fails
// the case, as something the target got wrong.
struct mock_answer {
    enum class kind { json, drop, hold };
    kind what = kind::json;
    unsigned status = 200;
    json body = json::object();
    std::string note;  // drop and hold: recorded in place of an answer
    std::vector<std::string> problems;

    static mock_answer reply(unsigned status, json body) {
        return {kind::json, status, std::move(body), {}, {}};
    }
    // {"errcode", "error"}.
    static mock_answer error(unsigned status, std::string_view errcode, std::string_view message);
    static mock_answer dropped(std::string note) {
        return {kind::drop, 0, {}, std::move(note), {}};
    }
    static mock_answer held(std::string note = {}) {
        return {kind::hold, 0, {}, std::move(note), {}};
    }
};

// A template's {name} segments, percent-decoded.
using mock_params = std::map<std::string, std::string, std::less<>>;
// Runs on the mock's serving thread: it must not block (hold instead of waiting).
using mock_handler = std::function<mock_answer(const mock_request&, const mock_params&)>;

struct mock_route {
    net::http::verb method = net::http::verb::get;
    std::string path_template;
    // Whether the request must carry the target's X-Matrix signature (checked before handler).
    bool signed_by_target = true;
    mock_handler handler;
};

class mock_route_table {
  public:
    // Adds a route, or replaces the one with the same method and template.
    void add(mock_route route);

    struct match {
        mock_route route;
        mock_params params;
        std::string bad_param;  // a {name} segment that is not valid percent-encoding
    };
    // The route for method and path (percent-encoded, without query); literal segments compare
    // as sent, {name} segments take any one segment.
    std::optional<match> find(net::http::verb method, std::string_view path) const;

  private:
    std::vector<mock_route> routes_;
};

}  // namespace mxc::matrix
