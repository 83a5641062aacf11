// Account provisioning against a scripted homeserver: open registration through
// user-interactive auth (with and without a session, and a server that offers no m.login.dummy
// flow), Synapse's shared-secret admin API, password login, and tokens files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <thread>

#include "matrix/accounts.hpp"
#include "matrix/digest.hpp"
#include "matrix/tokens_file.hpp"
#include "net/http_server.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mxc::matrix {
namespace {

namespace asio = net::asio;
namespace http = net::http;
using namespace std::chrono_literals;

struct seen_request {
    std::string method;
    std::string target;
    json body;
};

// A homeserver whose answers the test scripts: answer(request number, request) -> status, body.
class scripted_server {
  public:
    using script = std::function<std::pair<unsigned, json>(std::size_t, const seen_request&)>;

    explicit scripted_server(script s) : script_(std::move(s)) {
        server_ = std::make_unique<net::http_server>(
            ioc_, net::server_options{},
            [this](net::request& req, const net::connection_info&) { return handle(req); });
        port_ = server_->listen({asio::ip::address_v4::loopback(), 0}).port();
        thread_ = std::thread([this] { ioc_.run(); });
    }
    ~scripted_server() {
        asio::post(ioc_, [this] { server_->stop(); });
        thread_.join();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<seen_request> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }

  private:
    asio::awaitable<net::response> handle(net::request& req) {
        seen_request r{std::string(req.method_string()), std::string(req.target()),
                       req.body().empty() ? json() : json::parse(req.body(), nullptr, false)};
        std::size_t n = 0;
        {
            std::lock_guard lock(mutex_);
            n = seen_.size();
            seen_.push_back(r);
        }
        const auto [status, body] = script_(n, r);
        net::response res{static_cast<http::status>(status), 11};
        res.set(http::field::content_type, "application/json");
        res.body() = body.dump();
        co_return res;
    }

    script script_;
    asio::io_context ioc_;
    std::unique_ptr<net::http_server> server_;
    unsigned short port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<seen_request> seen_;
};

const json an_account{{"user_id", "@u:hs.test"}, {"device_id", "DEV"}, {"access_token", "tok"}};

client client_of(const scripted_server& s) {
    return client(s.url(), {}, "test", {});
}

provisioner open_provisioner() {
    return provisioner(registration::parse("open"), "v3", 5s);
}

TEST(open_registration, completes_the_dummy_stage_with_the_servers_session) {
    scripted_server s([](std::size_t n, const seen_request&) -> std::pair<unsigned, json> {
        if (n == 0)
            return {
                401,
                {{"session", "S1"},
                 {"flows", {{{"stages", {"m.login.recaptcha"}}}, {{"stages", {"m.login.dummy"}}}}},
                 {"params", json::object()}}};
        return {200, an_account};
    });
    auto c = client_of(s);
    const auto acc = open_provisioner().register_account(c, "alice");
    EXPECT_EQ(acc.user_id, "@u:hs.test");
    EXPECT_EQ(acc.device_id, "DEV");
    EXPECT_EQ(acc.access_token, "tok");
    const auto seen = s.seen();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].target, "/_matrix/client/v3/register");
    EXPECT_FALSE(seen[0].body.contains("auth"));
    EXPECT_EQ(seen[0].body["username"], "alice");
    EXPECT_EQ(seen[1].body["auth"], (json{{"type", "m.login.dummy"}, {"session", "S1"}}));
    EXPECT_EQ(seen[1].body["password"], acc.password);
}

TEST(open_registration, sends_no_session_when_the_server_gave_none) {
    scripted_server s([](std::size_t n, const seen_request&) -> std::pair<unsigned, json> {
        if (n == 0) return {401, {{"flows", {{{"stages", {"m.login.dummy"}}}}}}};
        return {200, an_account};
    });
    auto c = client_of(s);
    open_provisioner().register_account(c, "bob");
    const auto seen = s.seen();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].body["auth"], (json{{"type", "m.login.dummy"}}));
}

TEST(open_registration, a_server_that_registers_at_once_needs_no_auth) {
    scripted_server s([](std::size_t, const seen_request&) -> std::pair<unsigned, json> {
        return {200, an_account};
    });
    auto c = client_of(s);
    EXPECT_EQ(open_provisioner().register_account(c, "carol").user_id, "@u:hs.test");
    EXPECT_EQ(s.seen().size(), 1u);
}

TEST(open_registration, says_which_flows_it_cannot_complete) {
    scripted_server s([](std::size_t, const seen_request&) -> std::pair<unsigned, json> {
        return {401, {{"session", "S"}, {"flows", {{{"stages", {"m.login.email.identity"}}}}}}};
    });
    auto c = client_of(s);
    try {
        open_provisioner().register_account(c, "dave");
        FAIL() << "registered without an m.login.dummy flow";
    } catch (const provisioning_error& e) {
        EXPECT_NE(std::string(e.what()).find("m.login.email.identity"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(s.seen().size(), 1u);
}

TEST(open_registration, a_refusal_is_a_provisioning_error) {
    scripted_server s([](std::size_t, const seen_request&) -> std::pair<unsigned, json> {
        return {403, {{"errcode", "M_FORBIDDEN"}, {"error", "registration is disabled"}}};
    });
    auto c = client_of(s);
    EXPECT_THROW(open_provisioner().register_account(c, "erin"), provisioning_error);
}

TEST(shared_secret_registration, signs_nonce_user_and_password_with_the_secret) {
    scripted_server s([](std::size_t n, const seen_request&) -> std::pair<unsigned, json> {
        if (n == 0) return {200, {{"nonce", "N0"}}};
        return {200, an_account};
    });
    auto c = client_of(s);
    provisioner p(registration::parse("shared-secret:k3y"), "v3", 5s);
    const auto acc = p.register_account(c, "frank");
    const auto seen = s.seen();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].method, "GET");
    EXPECT_EQ(seen[0].target, "/_synapse/admin/v1/register");
    const auto& b = seen[1].body;
    EXPECT_EQ(b["nonce"], "N0");
    EXPECT_EQ(b["username"], "frank");
    EXPECT_EQ(b["admin"], false);
    EXPECT_EQ(b["password"], acc.password);
    EXPECT_EQ(b["mac"], hmac_sha1_hex("k3y", std::string("N0") + '\0' + "frank" + '\0' +
                                                 acc.password + '\0' + "notadmin"));
}

TEST(login, logs_in_another_device_with_the_password) {
    scripted_server s([](std::size_t, const seen_request&) -> std::pair<unsigned, json> {
        return {200, an_account};
    });
    auto c = client_of(s);
    const account who{"@u:hs.test", "D0", "t0", "pw"};
    const auto acc = open_provisioner().login(c, who, "NEWDEV");
    EXPECT_EQ(acc.password, "pw");
    const auto seen = s.seen();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].target, "/_matrix/client/v3/login");
    EXPECT_EQ(seen[0].body["device_id"], "NEWDEV");
    EXPECT_EQ(seen[0].body["identifier"]["user"], "@u:hs.test");
    EXPECT_THROW(open_provisioner().login(c, account{"@u:hs.test", "D0", "t0", ""}),
                 provisioning_error);
}

class tokens_file_test : public testing::Test {
  protected:
    std::filesystem::path write(const std::string& text) { return tmp_.write("tokens.yaml", text); }
    std::string error_of(const std::string& text) {
        return test::error_loading("tokens.yaml", text,
                                   [](const auto& file) { read_tokens_file(file); });
    }
    test::temp_dir tmp_;
    const std::filesystem::path file_ = tmp_.path() / "tokens.yaml";
};

TEST_F(tokens_file_test, hands_out_each_account_once_in_file_order) {
    write(R"(- {user_id: "@a:hs", access_token: ta, device_id: DA, password: pa}
- {user_id: "@b:hs", access_token: tb, device_id: DB}
)");
    provisioner p(registration::parse("tokens:" + file_.string()), "v3", 5s);
    client unused("http://127.0.0.1:1", {}, "unused", {});
    EXPECT_EQ(p.register_account(unused, "x").user_id, "@a:hs");
    const auto b = p.register_account(unused, "y");
    EXPECT_EQ(b.user_id, "@b:hs");
    EXPECT_EQ(b.password, "");
    try {
        p.register_account(unused, "z");
        FAIL() << "a third account from a file of two";
    } catch (const provisioning_error& e) {
        EXPECT_NE(std::string(e.what()).find("has 2 accounts and the run needs more"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(tokens_file_test, errors_name_file_line_and_column) {
    EXPECT_EQ(error_of("{a: 1}\n"),
              "F: expected a list of {user_id, access_token, device_id, password}");
    EXPECT_EQ(error_of("- {user_id: \"@a:hs\", access_token: t, device_id: D}\n- 7\n"),
              "F:2:3: expected {user_id, access_token, device_id, password}");
    EXPECT_EQ(error_of("- {user_id: \"@a:hs\", access_token: t, device: D}\n"),
              "F:1:39: unknown key 'device'");
    EXPECT_EQ(error_of("- {user_id: \"@a:hs\", access_token: t}\n"),
              "F:1:3: user_id, access_token and device_id are required");
    EXPECT_EQ(error_of("- {user_id: [x], access_token: t, device_id: D}\n"),
              "F:1:13: 'user_id' must be a string");
    EXPECT_TRUE(error_of("- [\n").starts_with("F:2:")) << error_of("- [\n");
    EXPECT_EQ(error_of("- {user_id: \"@a:hs\", access_token: t, device_id: D, password: ~}\n"),
              "(loaded)");
}

}  // namespace
}  // namespace mxc::matrix
