#include "matrix/mock_remote.hpp"

#include <deque>
#include <future>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "matrix/digest.hpp"
#include "matrix/json_limits.hpp"
#include "util/clock.hpp"

namespace mxc::matrix {

namespace asio = net::asio;
namespace http = net::http;

namespace {

net::response json_answer(unsigned status, const json& body) {
    net::response res;
    res.result(static_cast<http::status>(status));
    res.set(http::field::content_type, "application/json");
    // A path parameter echoed back may be any bytes once percent-decoded; invalid UTF-8 becomes
    // U+FFFD rather than an exception that leaves the request unanswered (found by fuzzing).
    res.body() = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return res;
}

}  // namespace

struct mock_remote::impl {
    mock_options options;
    mock_remote& self;

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::vector<mock_request> requests;
    std::vector<mock_transaction> transactions;
    std::set<std::string> accepted_txns;
    std::deque<mock_failure> cues;
    std::map<std::string, std::vector<std::string>> devices;
    mock_route_table routes;

    unsigned short port = 0;
    std::shared_ptr<net::ssl::context> tls;
    // Verification may fetch the target's keys (a blocking call): it runs here, never on the
    // thread that serves.
    asio::thread_pool verifiers{2};
    // Declared after what the handlers use: destroyed first, with any suspended handler.
    std::unique_ptr<asio::io_context> ioc;
    std::unique_ptr<net::http_server> server;
    std::set<asio::steady_timer*> held;           // io thread only
    std::unique_ptr<net::tcp::acceptor> refuser;  // while down
    int refused = 0;                              // guarded by mutex
    std::thread thread;
    bool running = false;

    impl(mock_options o, mock_remote& s) : options(std::move(o)), self(s) { add_peer_routes(); }

    // What a peer asks while sending to-device messages (server-server API: "Retrieving server
    // keys", "GET /version", "GET /user/devices/{userId}", "Query profile", "Transactions").
    void add_peer_routes() {
        const auto keys = [this](const mock_request&, const mock_params&) {
            return mock_answer::reply(
                200, make_server_keys(self.server_name_, *self.key_, util::unix_ms() + 3'600'000));
        };
        routes.add({http::verb::get, "/_matrix/key/v2/server", false, keys});
        routes.add({http::verb::get, "/_matrix/key/v2/server/{keyId}", false, keys});
        routes.add(
            {http::verb::get, "/_matrix/federation/v1/version", false,
             [](const mock_request&, const mock_params&) {
                 return mock_answer::reply(
                     200, json{{"server", {{"name", "mxconform mock remote"}, {"version", "1"}}}});
             }});
        routes.add({http::verb::get, "/_matrix/federation/v1/user/devices/{userId}", true,
                    [this](const mock_request&, const mock_params& p) {
                        return user_devices(p.at("userId"));
                    }});
        // Nothing to say about profiles: an empty one.
        routes.add({http::verb::get, "/_matrix/federation/v1/query/profile", true,
                    [](const mock_request&, const mock_params&) {
                        return mock_answer::reply(200, json::object());
                    }});
        routes.add({http::verb::put, "/_matrix/federation/v1/send/{txnId}", true,
                    [this](const mock_request& r, const mock_params& p) {
                        return receive(r, p.at("txnId"));
                    }});
    }

    std::size_t arrive(const net::request& req) {
        mock_request r;
        r.at = std::chrono::steady_clock::now();
        r.method = std::string(req.method_string());
        r.target = std::string(req.target());
        r.path = r.target.substr(0, r.target.find('?'));
        for (const auto& h : req)
            r.headers.emplace_back(std::string(h.name_string()), std::string(h.value()));
        r.body = req.body();
        if (!r.body.empty()) r.body_json = parse_bounded(r.body);
        std::lock_guard lock(mutex);
        r.index = requests.size();
        requests.push_back(std::move(r));
        return requests.back().index;
    }

    mock_request snapshot(std::size_t index) const {
        std::lock_guard lock(mutex);
        return requests.at(index);
    }

    void problem(std::size_t index, std::string what) {
        std::lock_guard lock(mutex);
        requests.at(index).problems.push_back(std::move(what));
    }

    void finish(std::size_t index, unsigned status, const std::string& answer) {
        mock_request copy;
        {
            std::lock_guard lock(mutex);
            auto& r = requests.at(index);
            r.status = status;
            r.answer = answer;
            r.elapsed_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - r.at)
                    .count();
            for (auto& t : transactions)
                if (t.request_index == index) t.status = status;
            copy = r;
        }
        changed.notify_all();
        if (options.on_request) options.on_request(copy);
    }

    net::response answer(std::size_t index, unsigned status, const json& body) {
        auto res = json_answer(status, body);
        finish(index, status, res.body());
        return res;
    }

    // X-Matrix: the request must come from the target, signed with a key it publishes, and name
    // this mock as destination. Returns the problem, or nothing.
    std::optional<std::string> authenticate(const net::request& req, const mock_request& r) {
        std::vector<std::string> headers;
        const auto [first, last] = req.base().equal_range(http::field::authorization);
        for (auto h = first; h != last; ++h) headers.emplace_back(h->value());
        if (headers.empty()) return "no Authorization header: the request is not signed";
        if (!options.target_keys) return std::nullopt;
        const json* content = r.body_json ? &*r.body_json : nullptr;
        request_check check;
        try {
            check = verify_request(r.method, r.target, content, headers, self.server_name_,
                                   options.target_keys->as_lookup());
        } catch (const std::exception& e) {
            return fmt::format("the signing key could not be checked: {}", e.what());
        }
        if (!check) return "X-Matrix: " + check.reason;
        if (!options.target_server_name.empty() && check.origin != options.target_server_name)
            return fmt::format("signed by origin '{}', but the target is '{}'", check.origin,
                               options.target_server_name);
        std::lock_guard lock(mutex);
        requests.at(r.index).origin = check.origin;
        return std::nullopt;
    }

    // The transaction's shape (federation-facts §6): problems make the mock answer 400.
    std::vector<std::string> check_transaction(const mock_request& r) {
        std::vector<std::string> out;
        if (!r.body_json || !r.body_json->is_object()) {
            out.push_back("the transaction body is not a JSON object");
            return out;
        }
        const auto& b = *r.body_json;
        if (!b.contains("origin") || !b["origin"].is_string())
            out.push_back("the transaction has no string 'origin'");
        else if (!r.origin.empty() && b["origin"] != r.origin)
            out.push_back(fmt::format("the body's origin '{}' is not the X-Matrix origin '{}'",
                                      b["origin"].get<std::string>(), r.origin));
        if (!b.contains("origin_server_ts") || !b["origin_server_ts"].is_number_integer())
            out.push_back("the transaction has no integer 'origin_server_ts'");
        if (!b.contains("pdus") || !b["pdus"].is_array())
            out.push_back("the transaction has no 'pdus' array");
        else if (b["pdus"].size() > 50)
            out.push_back(fmt::format("{} PDUs in one transaction (at most 50)", b["pdus"].size()));
        if (b.contains("edus")) {
            if (!b["edus"].is_array())
                out.push_back("'edus' is not an array");
            else if (b["edus"].size() > 100)
                out.push_back(
                    fmt::format("{} EDUs in one transaction (at most 100)", b["edus"].size()));
        }
        return out;
    }

    mock_answer user_devices(const std::string& user) {
        json list = json::array();
        std::lock_guard lock(mutex);
        if (auto it = devices.find(user); it != devices.end())
            for (const auto& d : it->second)
                list.push_back({{"device_id", d}, {"keys", json::object()}});
        return mock_answer::reply(200,
                                  json{{"user_id", user}, {"stream_id", 1}, {"devices", list}});
    }

    // PUT /send/{txnId}: recorded whatever its shape, then answered as cued or with 200.
    mock_answer receive(const mock_request& r, const std::string& txn_id) {
        const auto shape = check_transaction(r);
        mock_transaction t;
        t.request_index = r.index;
        t.txn_id = txn_id;
        if (r.body_json) t.body = *r.body_json;
        if (t.body.is_object() && t.body.contains("edus") && t.body["edus"].is_array())
            for (const auto& e : t.body["edus"]) t.edus.push_back(e);
        std::optional<mock_failure> cue;
        {
            std::lock_guard lock(mutex);
            if (shape.empty() && !cues.empty()) {
                cue = cues.front();
                cues.pop_front();
            }
            if (shape.empty() && !cue) t.replay = accepted_txns.count(r.origin + "\n" + txn_id) > 0;
            transactions.push_back(t);
        }
        changed.notify_all();
        if (!shape.empty()) {
            auto a = mock_answer::error(400, "M_BAD_JSON", shape.front());
            a.problems = shape;
            return a;
        }
        if (cue == mock_failure::status_400)
            return mock_answer::error(400, "M_UNKNOWN", "the mock refuses this transaction on cue");
        if (cue == mock_failure::status_500)
            return mock_answer::error(500, "M_UNKNOWN", "the mock fails this transaction on cue");
        if (cue == mock_failure::drop) return mock_answer::dropped("(connection dropped on cue)");
        if (cue == mock_failure::time_out)
            return mock_answer::held(
                fmt::format("(held {} ms without an answer, on cue)", options.hold_for.count()));
        {
            std::lock_guard lock(mutex);
            accepted_txns.insert(r.origin + "\n" + txn_id);
        }
        return mock_answer::reply(200, json{{"pdus", json::object()}});
    }

    // No route took the request: 404, and a problem unless the case allowed its path.
    net::response unrouted(std::size_t index, const std::string& path) {
        bool allowed = false;
        for (const auto& a : options.allowed) allowed = allowed || path.starts_with(a);
        {
            std::lock_guard lock(mutex);
            auto& r = requests.at(index);
            r.known_endpoint = false;
            if (!allowed)
                r.problems.push_back(
                    "not a request a peer needs to answer for to-device messaging (the mock "
                    "answered 404)");
        }
        return answer(
            index, 404,
            json{{"errcode", "M_UNRECOGNIZED"}, {"error", "the mock does not serve this"}});
    }

    // Carries out a handler's answer: JSON now, or no answer at all.
    asio::awaitable<net::response> deliver(std::size_t index, const mock_answer& a) {
        for (const auto& p : a.problems) problem(index, p);
        if (a.what == mock_answer::kind::json) co_return answer(index, a.status, a.body);
        if (a.what == mock_answer::kind::hold) {
            asio::steady_timer timer(co_await asio::this_coro::executor);
            timer.expires_after(options.hold_for);
            held.insert(&timer);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            held.erase(&timer);
        }
        finish(index, 0,
               !a.note.empty() ? a.note
               : a.what == mock_answer::kind::hold
                   ? fmt::format("(held {} ms without an answer)", options.hold_for.count())
                   : "(connection dropped)");
        throw net::drop_connection{};
    }

    asio::awaitable<net::response> handle(net::request& req, const net::connection_info&) {
        const std::size_t index = arrive(req);
        const auto r = snapshot(index);
        std::optional<mock_route_table::match> m;
        {
            std::lock_guard lock(mutex);
            m = routes.find(req.method(), r.path);
        }
        if (!m) co_return unrouted(index, r.path);

        if (m->route.signed_by_target) {
            // Off the serving thread for the signature check, then back.
            auto home = co_await asio::this_coro::executor;
            co_await asio::post(verifiers, asio::use_awaitable);
            auto auth_problem = authenticate(req, r);
            co_await asio::post(home, asio::use_awaitable);
            if (auth_problem) {
                problem(index, *auth_problem);
                co_return answer(index, 401,
                                 json{{"errcode", "M_UNAUTHORIZED"}, {"error", *auth_problem}});
            }
        }
        if (!m->bad_param.empty())
            co_return co_await deliver(index, [&] {
                const auto what =
                    fmt::format("'{}' in the path is not valid percent-encoding", m->bad_param);
                auto a = mock_answer::error(400, "M_INVALID_PARAM", what);
                a.problems.push_back(what);
                return a;
            }());
        co_return co_await deliver(index, m->route.handler(snapshot(index), m->params));
    }

    void listen() {
        net::server_options so;
        so.tls = tls;
        so.body_limit = options.body_limit;
        so.on_refused = [](http::status status, const std::string& message) {
            return json_answer(static_cast<unsigned>(status),
                               json{{"errcode", "M_UNKNOWN"}, {"error", message}});
        };
        server = std::make_unique<net::http_server>(
            *ioc, so,
            [this](net::request& req, const net::connection_info& c) { return handle(req, c); });
        boost::system::error_code ec;
        const auto address = asio::ip::make_address(options.listen_host, ec);
        if (ec)
            throw std::runtime_error(
                fmt::format("mock remote: '{}' is not an IP address", options.listen_host));
        try {
            port = server->listen({address, port}).port();
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error(fmt::format("mock remote: cannot listen on {}:{}: {}",
                                                 options.listen_host, port, e.code().message()));
        }
    }

    asio::awaitable<void> refuse_loop(net::tcp::acceptor& a) {
        for (;;) {
            auto [ec, socket] = co_await a.async_accept(asio::as_tuple(asio::use_awaitable));
            if (!a.is_open()) co_return;
            if (ec) continue;
            boost::system::error_code ignored;
            socket.set_option(asio::socket_base::linger(true, 0), ignored);  // a reset, not a FIN
            socket.close(ignored);
            {
                std::lock_guard lock(mutex);
                ++refused;
            }
            changed.notify_all();
        }
    }

    void start_refusing() {
        refuser = std::make_unique<net::tcp::acceptor>(*ioc);
        const net::tcp::endpoint where{asio::ip::make_address(options.listen_host), port};
        refuser->open(where.protocol());
        refuser->set_option(asio::socket_base::reuse_address(true));
        refuser->bind(where);
        refuser->listen();
        asio::co_spawn(*ioc, refuse_loop(*refuser), asio::detached);
    }

    void stop_refusing() {
        if (!refuser) return;
        boost::system::error_code ignored;
        refuser->close(ignored);
        // The accept loop still holds a reference: keep the acceptor until the io_context ends.
        retired.push_back(std::move(refuser));
    }
    std::vector<std::unique_ptr<net::tcp::acceptor>> retired;

    void close_listener() {
        if (server) server->stop();
        for (auto* t : held) t->cancel();
    }

    // Runs f on the io thread and waits for it.
    void on_io(const std::function<void()>& f) {
        std::promise<void> done;
        auto result = done.get_future();
        asio::post(*ioc, [&] {
            try {
                f();
                done.set_value();
            } catch (...) {
                done.set_exception(std::current_exception());
            }
        });
        result.get();
    }
};

mock_remote::mock_remote(mock_options options)
    : impl_(std::make_unique<impl>(std::move(options), *this)) {}

mock_remote::~mock_remote() {
    stop();
}

void mock_remote::start() {
    auto& m = *impl_;
    if (m.running) return;
    if (!m.options.ca)
        throw std::runtime_error("mock remote: no certificate authority to issue its certificate");
    // A fresh key id each time: a target caches keys by (server, key id).
    key_.emplace(signing_key::generate("mxc" + random_token(8)));
    m.tls = net::server_tls_context(m.options.ca->issue({m.options.listen_host, "localhost"}));
    m.ioc = std::make_unique<asio::io_context>(1);
    m.listen();
    const bool v6 = m.options.listen_host.find(':') != std::string::npos;
    server_name_ = v6 ? fmt::format("[{}]:{}", m.options.listen_host, m.port)
                      : fmt::format("{}:{}", m.options.listen_host, m.port);
    m.running = true;
    m.thread = std::thread([&m] {
        auto guard = asio::make_work_guard(*m.ioc);
        m.ioc->run();
    });
}

void mock_remote::stop() {
    auto& m = *impl_;
    if (!m.running) return;
    asio::post(*m.ioc, [&m] {
        m.close_listener();
        m.stop_refusing();
        m.ioc->stop();
    });
    if (m.thread.joinable()) m.thread.join();
    m.running = false;
    // A signature check in flight posts back to the io_context: let it finish first.
    m.verifiers.join();
    m.server.reset();
    m.ioc.reset();
    m.retired.clear();
}

void mock_remote::down() {
    auto& m = *impl_;
    if (!m.running) return;
    m.on_io([&m] {
        m.close_listener();
        m.server.reset();
        if (!m.refuser) m.start_refusing();
    });
}

void mock_remote::up() {
    auto& m = *impl_;
    if (!m.running) throw std::runtime_error("mock remote: up() before start()");
    m.on_io([&m] {
        m.stop_refusing();
        if (!m.server) m.listen();
    });
}

int mock_remote::refused_connections() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->refused;
}

bool mock_remote::wait_for_refused(int count, std::chrono::milliseconds within) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, within, [&] { return impl_->refused >= count; });
}

std::string mock_remote::base_url() const {
    return "https://" + server_name_;
}

void mock_remote::fail_next(mock_failure how, int count) {
    std::lock_guard lock(impl_->mutex);
    for (int i = 0; i < count; ++i) impl_->cues.push_back(how);
}

void mock_remote::answer_normally() {
    std::lock_guard lock(impl_->mutex);
    impl_->cues.clear();
}

void mock_remote::add_device(const std::string& user_id, const std::string& device_id) {
    std::lock_guard lock(impl_->mutex);
    impl_->devices[user_id].push_back(device_id);
}

void mock_remote::route(mock_route r) {
    std::lock_guard lock(impl_->mutex);
    impl_->routes.add(std::move(r));
}

sent_transaction mock_remote::send_transaction(outgoing_transaction t, const std::string& url,
                                               const net::client_options& options,
                                               std::chrono::milliseconds timeout) const {
    if (!key_) throw std::runtime_error("mock remote: send_transaction() before start()");
    if (t.origin.empty()) t.origin = server_name_;
    return matrix::send_transaction(*key_, t, url, options, timeout);
}

asio::awaitable<net::response> mock_remote::handle(net::request& req) {
    co_return co_await impl_->handle(req, {});
}

std::vector<mock_request> mock_remote::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

std::vector<mock_transaction> mock_remote::transactions() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->transactions;
}

json direct_to_device_edus(const std::vector<mock_transaction>& transactions) {
    json out = json::array();
    for (const auto& t : transactions) {
        if (!t.accepted()) continue;
        for (const auto& e : t.edus)
            if (e.is_object() && e.value("edu_type", "") == "m.direct_to_device" &&
                e.contains("content"))
                out.push_back(e["content"]);
    }
    return out;
}

bool mock_remote::wait_for(const std::function<bool(const std::vector<mock_transaction>&)>& done,
                           std::chrono::milliseconds within) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, within, [&] { return done(impl_->transactions); });
}

}  // namespace mxc::matrix
