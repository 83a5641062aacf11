// Issue 12, "Hostile peers", the other direction: what a target or a client might send to the
// servers mxconform runs, the mock remote (federation, TLS) and the reference server (client
// port, federation port). Each row gets a 4xx, or a closed connection where the bytes are not
// a request it could answer; never a crash or a hang; and the server answers a fair request
// afterwards (and, for rows that hold a connection, meanwhile).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <set>
#include <thread>

#include "hostile/client_player.hpp"
#include "matrix/mock_remote.hpp"
#include "net/http_client.hpp"
#include "refserver/server.hpp"
#include "support/temp_dir.hpp"

namespace mxc::hostile {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

// How long a row may take to be answered or closed, on a loaded machine.
constexpr auto answer_bound = 5s;
// How long a row that holds its connection holds it here (the servers close such a connection
// after their read timeout, 30 s; http_server_test checks that bound with a short one).
constexpr auto held_for = 1s;

// Rows whose bytes are no request the server could answer: closing is an answer too.
const std::set<std::string> may_close{"malformed_http", "truncated",         "huge_declared",
                                      "huge_chunked",   "reset_mid_request", "broken_chunked",
                                      "plain_http",     "garbage_hello"};
// Rows that hold their connection without finishing a request.
const std::set<std::string> holds{"dribble", "never_sends", "silent"};

// What only a federation port gets: Authorization headers that are not a valid X-Matrix, and
// what a client that does not speak TLS sends to a TLS port.
std::vector<behaviour> federation_rows() {
    const std::string txn = R"({"origin":"127.0.0.1:1","origin_server_ts":1,"pdus":[],"edus":[]})";
    auto with = [&](std::string name, std::string how, const std::string& header) {
        return behaviour{std::move(name),
                         std::move(how),
                         {{act::kind::write,
                           fmt::format("PUT {{target}} HTTP/1.1\r\nHost: server\r\n{}Content-Type: "
                                       "application/json\r\nContent-Length: {}\r\n\r\n{}",
                                       header, txn.size(), txn)}},
                         txn};
    };
    return {
        with("no_authorization", "a transaction without Authorization", ""),
        with("garbage_x_matrix", "an Authorization of X-Matrix and noise",
             "Authorization: X-Matrix ==,\"\",origin=\r\n"),
        with("wrong_destination", "X-Matrix for another destination, with a bogus signature",
             "Authorization: X-Matrix origin=\"127.0.0.1:1\",destination=\"elsewhere\","
             "key=\"ed25519:a\",sig=\"AAAA\"\r\n"),
        with("huge_x_matrix", "an Authorization header of 20 KiB",
             "Authorization: X-Matrix origin=\"" + std::string(20 * 1024, 'a') + "\"\r\n"),
    };
}

// Sent over plain TCP to a TLS port.
std::vector<behaviour> tls_rows() {
    return {
        {"plain_http",
         "plain HTTP to the TLS port",
         {{act::kind::write, "GET / HTTP/1.1\r\nHost: server\r\n\r\n"}}},
        {"garbage_hello",
         "a TLS record header and noise, then the sending side closed",
         {{act::kind::write, std::string("\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00", 10)},
          {act::kind::finish}}},
        {"silent", "a connection that never starts its handshake", {{act::kind::hold}}},
    };
}

struct server_under_test {
    std::string name;
    unsigned short port = 0;
    std::shared_ptr<net::ssl::context> tls;  // how a fair client reaches it
    std::string target;                      // where rows are sent
    std::string auth;
    std::string fair_path;  // a request it answers 200
};

// The fair request is answered within answer_bound.
void expect_fair_answer(const server_under_test& s, const std::string& after) {
    net::client_options o;
    o.tls = s.tls;
    net::http_client http(fmt::format("{}://127.0.0.1:{}", s.tls ? "https" : "http", s.port), o);
    net::http_call c;
    c.target = s.fair_path;
    c.timeout = answer_bound;
    try {
        EXPECT_EQ(http.send(c).status, 200u) << s.name << " after " << after;
    } catch (const std::exception& e) {
        ADD_FAILURE() << s.name << " does not answer " << after << ": " << e.what();
    }
}

void expect_survives(const server_under_test& s, const behaviour& row, bool over_tls) {
    where_to to{s.port, over_tls ? s.tls : nullptr, s.target, s.auth};
    if (holds.count(row.name)) {
        std::thread held([&] { play_request(to, row, held_for); });
        expect_fair_answer(s, "while " + row.name + " holds a connection");
        held.join();
    } else {
        const auto p = play_request(to, row, answer_bound);
        EXPECT_TRUE(p.done) << s.name << ", " << row.name << ": " << p.error;
        if (p.status != 0)
            EXPECT_TRUE(p.status >= 400 && p.status < 500)
                << s.name << ", " << row.name << ": HTTP " << p.status;
        else
            EXPECT_TRUE(may_close.count(row.name))
                << s.name << ", " << row.name << ": no answer: " << p.error;
    }
    expect_fair_answer(s, row.name);
}

class Servers : public testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::temp_dir();
        ca_ = new net::certificate_authority(
            net::certificate_authority::open_or_create(dir_->path() / "ca"));
        trust_ = net::client_tls_context({net::tls_trust::mode::ca_file, ca_->cert_file()});

        refserver::config cfg;
        cfg.listen_port = 0;
        cfg.federation.enabled = true;
        cfg.federation.tls = ca_->issue({"127.0.0.1"});
        cfg.federation.trust = {net::tls_trust::mode::ca_file, ca_->cert_file()};
        cfg.federation.request_timeout = 500ms;
        ref_ = new refserver::server(cfg);
        ref_->start();

        // The mock checks X-Matrix against the target's keys, as in a run.
        net::client_options ko;
        ko.tls = trust_;
        keys_ = new matrix::key_fetcher(
            ko, [url = ref_->federation_url()](std::string_view) { return url; });
        matrix::mock_options mo;
        mo.ca = ca_;
        mo.target_server_name = ref_->server_name();
        mo.target_keys = keys_;
        mock_ = new matrix::mock_remote(mo);
        mock_->start();
    }
    static void TearDownTestSuite() {
        delete mock_;
        delete keys_;
        delete ref_;
        delete ca_;
        delete dir_;
    }

    // A token of a fresh account on the reference server (registration's dummy stage).
    static std::string token() {
        net::http_client http(ref_->base_url());
        net::http_call c;
        c.method = net::http::verb::post;
        c.target = "/_matrix/client/v3/register";
        json body{{"username", "hostile"}, {"password", "hostile-password-1"}};
        c.body = body.dump();
        const auto first = json::parse(http.send(c).body);
        body["auth"] = {{"type", "m.login.dummy"}, {"session", first.at("session")}};
        c.body = body.dump();
        return json::parse(http.send(c).body).at("access_token").get<std::string>();
    }

    static server_under_test client_port() {
        static const std::string t = token();
        return {"the reference server's client port",
                ref_->port(),
                nullptr,
                "/_matrix/client/v3/sendToDevice/m.test/{txn}",
                "Authorization: Bearer " + t + "\r\n",
                "/_matrix/client/versions"};
    }
    static server_under_test federation_port() {
        return {"the reference server's federation port",
                ref_->federation_port(),
                trust_,
                "/_matrix/federation/v1/send/{txn}",
                "Authorization: X-Matrix origin=\"127.0.0.1:1\",destination=\"" +
                    ref_->server_name() + "\",key=\"ed25519:a\",sig=\"AAAA\"\r\n",
                "/_matrix/key/v2/server"};
    }
    static server_under_test mock() {
        const auto port = static_cast<unsigned short>(
            std::stoi(mock_->server_name().substr(mock_->server_name().rfind(':') + 1)));
        return {"the mock remote",
                port,
                trust_,
                "/_matrix/federation/v1/send/{txn}",
                "Authorization: X-Matrix origin=\"" + ref_->server_name() + "\",destination=\"" +
                    mock_->server_name() + "\",key=\"ed25519:a\",sig=\"AAAA\"\r\n",
                "/_matrix/key/v2/server"};
    }

    // Each row with its own transaction id, so no answer comes from an earlier one's.
    static void run_rows(server_under_test s, const std::vector<behaviour>& rows, bool tls) {
        int n = 0;
        const auto target = s.target;
        for (const auto& row : rows) {
            s.target = target.substr(0, target.find("{txn}")) + "hostile" + std::to_string(++n);
            expect_survives(s, row, tls);
        }
    }

    static test::temp_dir* dir_;
    static net::certificate_authority* ca_;
    static std::shared_ptr<net::ssl::context> trust_;
    static refserver::server* ref_;
    static matrix::key_fetcher* keys_;
    static matrix::mock_remote* mock_;
};

test::temp_dir* Servers::dir_ = nullptr;
net::certificate_authority* Servers::ca_ = nullptr;
std::shared_ptr<net::ssl::context> Servers::trust_;
refserver::server* Servers::ref_ = nullptr;
matrix::key_fetcher* Servers::keys_ = nullptr;
matrix::mock_remote* Servers::mock_ = nullptr;

TEST_F(Servers, ReferenceClientPortAnswersTheCorpus) {
    run_rows(client_port(), requests(), false);
}

TEST_F(Servers, ReferenceFederationPortAnswersTheCorpus) {
    run_rows(federation_port(), requests(), true);
    run_rows(federation_port(), federation_rows(), true);
    run_rows(federation_port(), tls_rows(), false);
}

TEST_F(Servers, MockRemoteAnswersTheCorpus) {
    run_rows(mock(), requests(), true);
    run_rows(mock(), federation_rows(), true);
    run_rows(mock(), tls_rows(), false);
}

}  // namespace
}  // namespace mxc::hostile
