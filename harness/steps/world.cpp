#include "steps/world.hpp"

#include <fmt/format.h>

namespace mxc::steps {

world::world(core::case_run& run, environment& env) : run_(run), env_(env) {
    vars_["run"] = env.run_id();
    vars_["server_name"] = env.target().server_name;
}

void world::record(const matrix::exchange& ex) {
    core::exchange_record rec;
    rec.t_ms = run_.log().now_ms() - ex.elapsed_ms;
    rec.actor = ex.actor;
    rec.method = ex.method;
    rec.target = ex.target;
    rec.request_headers = ex.request_headers;
    rec.request_body = run_.log().truncate(ex.request_body);
    rec.status = ex.status;
    rec.response_headers = ex.response_headers;
    rec.response_body = run_.log().truncate(ex.response_body);
    rec.elapsed_ms = ex.elapsed_ms;
    rec.error = ex.error;
    run_.log().add(std::move(rec));
}

bool world::record_exchange(const matrix::exchange& ex) {
    bool request_invalid = false;
    observer (&request_invalid)(ex);
    return !request_invalid;
}

matrix::mock_remote& world::start_mock(const std::string& name, std::vector<std::string> allowed) {
    {
        std::lock_guard lock(mocks_mutex_);
        if (mocks_.count(name))
            throw core::harness_error("mock remote '" + name + "' is started twice");
    }
    if (!env_.target().federation.enabled)
        throw core::case_unsupported("federation is off for this run");
    matrix::mock_options o;
    o.listen_host = env_.target().federation.mock_host;
    o.ca = &env_.ca();
    o.target_server_name = env_.target().server_name;
    o.target_keys = &env_.target_keys();
    o.hold_for = run_.scaled(std::chrono::milliseconds(60'000));
    o.allowed = std::move(allowed);
    o.on_request = [this, name](const matrix::mock_request& r) {
        matrix::exchange ex;
        ex.actor = "target → " + name;
        ex.method = r.method;
        ex.target = r.target;
        ex.path = r.path;
        ex.request_headers = r.headers;
        ex.request_body = matrix::redact_body(r.body);
        ex.status = r.status;
        ex.response_body = r.answer;
        ex.elapsed_ms = r.elapsed_ms;
        if (r.status == 0) ex.error = r.answer;
        record(ex);
        std::vector<std::string> found;
        for (const auto& p : r.problems)
            found.push_back(fmt::format("{} {}: {}", r.method, r.path, p));
        if (const auto* v = env_.validator(); v && r.known_endpoint) {
            const auto q = r.target.find('?');
            const std::string query = q == std::string::npos ? "" : r.target.substr(q + 1);
            for (const auto& f :
                 v->check_request(r.method, r.path, query, r.body_json ? &*r.body_json : nullptr))
                found.push_back(
                    fmt::format("{} {}: not valid against the API definitions at {}: {}", r.method,
                                r.path, f.pointer.empty() ? "/" : f.pointer, f.message));
        }
        std::lock_guard lock(mocks_mutex_);
        for (auto& f : found) mock_problems_.push_back(std::move(f));
    };
    auto m = std::make_unique<matrix::mock_remote>(std::move(o));
    try {
        m->start();
    } catch (const std::exception& e) {
        throw core::harness_error(std::string("cannot start the mock remote: ") + e.what());
    }
    auto& ref = *m;
    set(name, m->server_name());
    run_.log().note(
        fmt::format("mock remote '{}' is {} (key {})", name, m->server_name(), m->key().key_id()));
    std::lock_guard lock(mocks_mutex_);
    mocks_[name] = std::move(m);
    return ref;
}

matrix::mock_remote& world::mock(const std::string& name) {
    std::lock_guard lock(mocks_mutex_);
    auto it = mocks_.find(name);
    if (it == mocks_.end())
        throw core::harness_error("no mock remote named '" + name +
                                  "' (start it with a mock_remote step)");
    return *it->second;
}

int world::judge_mocks(const std::string& where) {
    std::vector<std::string> fresh;
    {
        std::lock_guard lock(mocks_mutex_);
        fresh.assign(mock_problems_.begin() + static_cast<std::ptrdiff_t>(mock_problems_judged_),
                     mock_problems_.end());
        mock_problems_judged_ = mock_problems_.size();
    }
    for (const auto& p : fresh)
        run_.check(false, "the target's federation requests are well formed", "a correct request",
                   p, where);
    return static_cast<int>(fresh.size());
}

void world::finish() {
    bool any = false;
    {
        std::lock_guard lock(mocks_mutex_);
        any = !mocks_.empty();
    }
    if (any) judge_mocks("after the last step");
}

matrix::exchange_observer world::observer(bool* request_invalid) {
    return [this, request_invalid](const matrix::exchange& ex) {
        record(ex);
        const auto* v = env_.validator();
        if (!v) return;
        const auto q = ex.target.find('?');
        const std::string query = q == std::string::npos ? "" : ex.target.substr(q + 1);
        for (const auto& f :
             v->check_request(ex.method, ex.path, query, ex.sent_json ? &*ex.sent_json : nullptr)) {
            run_.log().note(fmt::format("request not valid against the API definitions at {}: {}",
                                        f.pointer, f.message));
            if (request_invalid) *request_invalid = true;
        }
        if (ex.status == 0) return;
        const json* body = ex.received_json ? &*ex.received_json : nullptr;
        for (const auto& f : v->check_response(ex.method, ex.path, ex.status, body))
            run_.schema_finding(
                fmt::format("{} {} answered as the API definitions say", ex.method, ex.path),
                f.pointer, f.message);
    };
}

// An actor's own connection, then its account from `make` (registration or login).
actor& world::add_actor(const std::string& name,
                        const std::function<account(matrix::client&)>& make) {
    if (actors_.count(name)) throw core::harness_error("actor '" + name + "' is defined twice");
    auto a = std::make_unique<actor>();
    a->name = name;
    a->client = std::make_unique<matrix::client>(env_.target().base_url, env_.client_options(),
                                                 name, observer(nullptr));
    try {
        a->acc = make(*a->client);
    } catch (const net::transport_error& e) {
        // As in call(): a target that does not answer is harness trouble with a clear name.
        throw core::harness_error(std::string("no answer from the target: ") + e.what());
    }
    a->client->set_token(a->acc.access_token);
    set(name, a->acc.user_id);
    set(name + ".device", a->acc.device_id);
    auto& ref = *a;
    actors_[name] = std::move(a);
    return ref;
}

actor& world::create(const std::string& name) {
    if (++accounts_made_ > run_.def().accounts)
        throw core::harness_error(
            fmt::format("the case makes more accounts than the {} it declares (case_def::accounts)",
                        run_.def().accounts));
    auto& a = add_actor(name, [&](matrix::client& c) { return env_.register_account(c, name); });
    if (env_.reuses_accounts()) {
        a.file_device = true;
        drain(a);
    }
    return a;
}

// Acknowledges what earlier runs left for the device, so that this case sees only its own
// messages (issue #9 part 6).
void world::drain(actor& a) {
    const auto d = env_.drain(*a.client, a.acc);
    if (!d.empty)
        throw core::harness_error(fmt::format(
            "{} still lists to-device messages after {} /sync calls (timeout 0), {} in all; drain "
            "the account, or use another",
            a.acc.user_id, d.syncs, d.messages));
    run_.log().note(fmt::format("drained {} leftover to-device messages of {} in {} /sync calls",
                                d.messages, a.acc.user_id, d.syncs));
}

actor& world::login_as(const std::string& existing, const std::string& name,
                       const std::string& device_id) {
    const account base = get(existing).acc;
    auto& a = add_actor(name, [&](matrix::client& c) { return env_.login(c, base, device_id); });
    if (env_.reuses_accounts()) added_to_file_accounts_.push_back(name);
    return a;
}

void world::must_not_remove(const std::string& device_id, const std::string& what) const {
    for (const auto& [name, a] : actors_)
        if (a->file_device && a->acc.device_id == device_id)
            throw core::case_unsupported(fmt::format(
                "the case would {} {}'s device {}, which the tokens file gives, and the file "
                "would not serve another run; run it with registered accounts (--register "
                "shared-secret:SECRET or open)",
                what, a->acc.user_id, device_id));
}

world::~world() {
    try {
        log_out_added_devices();
    } catch (const std::exception& e) {
        run_.log().note(std::string("logging out the devices the case added failed: ") + e.what());
    }
}

// POST /logout with each added device's own token; a device the case already removed
// answers 401, which is as good.
void world::log_out_added_devices() {
    for (const auto& name : added_to_file_accounts_) {
        auto& a = *actors_.at(name);
        const auto r = env_.logout(*a.client, a.acc);
        const auto device = fmt::format("device {} of {}", a.acc.device_id, a.acc.user_id);
        if (r.status == 200)
            run_.log().note("logged out " + device +
                            ", which the case added to a tokens-file account");
        else if (r.status == 401)
            run_.log().note(device + ", which the case added, was already removed");
        else
            run_.log().note(fmt::format("could not log out {}: HTTP {} {}", device, r.status,
                                        r.raw.substr(0, 200)));
    }
}

actor& world::get(const std::string& name) {
    auto it = actors_.find(name);
    if (it == actors_.end())
        throw core::harness_error("no actor named '" + name + "' in this case");
    return *it->second;
}

void world::set(const std::string& name, json value) {
    std::lock_guard lock(vars_mutex_);
    vars_[name] = std::move(value);
}

std::string world::substitute(const std::string& s) const {
    std::string out;
    std::size_t pos = 0;
    std::lock_guard lock(vars_mutex_);
    while (true) {
        const auto open = s.find("${", pos);
        if (open == std::string::npos) break;
        const auto close = s.find('}', open);
        if (close == std::string::npos) break;
        out.append(s, pos, open - pos);
        const std::string name = s.substr(open + 2, close - open - 2);
        if (name.starts_with("fill:")) {
            // ${fill:N}: N bytes of a repeating printable pattern, for size cases.
            const auto n = std::stoul(name.substr(5));
            if (n > 16 * 1024 * 1024) throw core::harness_error("${fill:N}: N is at most 16 MiB");
            static constexpr std::string_view pattern = "0123456789abcdefghijklmnopqrstuvwxyz";
            for (std::size_t i = 0; i < n; ++i) out.push_back(pattern[i % pattern.size()]);
            pos = close + 1;
            continue;
        }
        auto it = vars_.find(name);
        if (it == vars_.end()) throw core::harness_error("unknown variable ${" + name + "}");
        out += it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
        pos = close + 1;
    }
    out.append(s, pos, std::string::npos);
    return out;
}

json world::substitute(const json& v) const {
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (s.size() > 3 && s.starts_with("${") && s.back() == '}' &&
            s.find("${", 2) == std::string::npos) {
            std::lock_guard lock(vars_mutex_);
            auto it = vars_.find(s.substr(2, s.size() - 3));
            if (it != vars_.end()) return it->second;
        }
        return substitute(s);
    }
    if (v.is_object()) {
        json out = json::object();
        // Keys are substituted too: a messages map is keyed by ${bob}.
        for (const auto& [k, child] : v.items()) out[substitute(k)] = substitute(child);
        return out;
    }
    if (v.is_array()) {
        json out = json::array();
        for (const auto& child : v) out.push_back(substitute(child));
        return out;
    }
    return v;
}

matrix::reply world::call(actor* who, net::http::verb method, const std::string& target,
                          const matrix::request_body& body, std::chrono::milliseconds timeout,
                          bool malformed, std::function<void()> on_written,
                          std::optional<std::string> token_override) {
    bool request_invalid = false;
    std::unique_ptr<matrix::client> anonymous;
    matrix::client* c = nullptr;
    if (who) {
        c = who->client.get();
    } else {
        anonymous = std::make_unique<matrix::client>(env_.target().base_url, env_.client_options(),
                                                     "anonymous", matrix::exchange_observer{});
        c = anonymous.get();
    }
    // The observer is per call, so the request check can report back to this call.
    const auto observe = observer(&request_invalid);
    matrix::reply r;
    try {
        r = c->call(method, target, body, timeout, std::move(on_written), std::move(token_override),
                    &observe);
    } catch (const net::transport_error& e) {
        throw no_answer(std::string("no answer from the target: ") + e.what(),
                        dynamic_cast<const net::deadline_error*>(&e) != nullptr);
    }
    if (request_invalid && !malformed)
        throw core::harness_error(
            "mxconform sent a request its own API definitions reject (see the notes)");
    return r;
}

std::unique_ptr<matrix::client> world::extra_client(const actor& who) {
    auto c = std::make_unique<matrix::client>(env_.target().base_url, env_.client_options(),
                                              who.name + "/poll", observer(nullptr));
    c->set_token(who.acc.access_token);
    return c;
}

}  // namespace mxc::steps
