// User-interactive auth against a scripted server (issue #9 part 3): the stage's auth dict with
// the server's session and without one, single-stage password and dummy flows, two stages
// driven by `completed`, and one-line errors for an offer mxconform cannot complete.
#include <gtest/gtest.h>

#include <mutex>

#include "matrix/uia.hpp"
#include "support/scripted_server.hpp"

namespace mxc::matrix {
namespace {

namespace http = net::http;
using namespace std::chrono_literals;

// A server that answers in the scripted order (the last answer again when the script runs
// out) and keeps each request's body.
class uia_server {
  public:
    explicit uia_server(std::vector<std::pair<unsigned, std::string>> answers)
        : answers_(std::move(answers)),
          server_([this](const net::request& req) { return answer(req); }) {}

    // DELETE /devices/D with `auth` when given: what the device-deletion step sends.
    reply run(const uia_identity& who) {
        client c(server_.url(), {}, "test", {});
        return with_user_interactive_auth(
            "device deletion", who, [&](const std::optional<json>& auth) {
                const json body = auth ? json{{"auth", *auth}} : json::object();
                return c.call(http::verb::delete_, "/_matrix/client/v3/devices/D", {body, {}}, 5s);
            });
    }

    std::vector<json> bodies() const {
        std::lock_guard lock(mutex_);
        return bodies_;
    }

  private:
    std::optional<net::response> answer(const net::request& req) {
        std::lock_guard lock(mutex_);
        bodies_.push_back(json::parse(req.body(), nullptr, false));
        const auto& [status, body] = answers_[std::min(bodies_.size(), answers_.size()) - 1];
        net::response res{static_cast<http::status>(status), 11};
        res.set(http::field::content_type, "application/json");
        res.body() = body;
        res.prepare_payload();
        return res;
    }

    std::vector<std::pair<unsigned, std::string>> answers_;
    mutable std::mutex mutex_;
    std::vector<json> bodies_;
    test::scripted_server server_;
};

const uia_identity alice{"@alice:hs.test", "secret"};
const std::string ok = "{}";

json password_auth() {
    return {{"type", "m.login.password"},
            {"identifier", {{"type", "m.id.user"}, {"user", "@alice:hs.test"}}},
            {"password", "secret"}};
}

std::string error_of(uia_server& s, const uia_identity& who) {
    try {
        s.run(who);
    } catch (const uia_error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(uia, answers_the_password_stage_with_the_servers_session) {
    uia_server s(
        {{401, R"({"session":"S1","flows":[{"stages":["m.login.password"]}]})"}, {200, ok}});
    EXPECT_EQ(s.run(alice).status, 200u);
    const auto b = s.bodies();
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0], json::object());
    auto want = password_auth();
    want["session"] = "S1";
    EXPECT_EQ(b[1]["auth"], want);
}

TEST(uia, sends_no_session_when_the_server_gave_none) {
    uia_server s({{401, R"({"flows":[{"stages":["m.login.password"]}]})"}, {200, ok}});
    EXPECT_EQ(s.run(alice).status, 200u);
    const auto b = s.bodies();
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[1]["auth"], password_auth());
}

TEST(uia, completes_a_dummy_flow_without_a_password) {
    uia_server s({{401, R"({"session":"S","flows":[{"stages":["m.login.password"]},)"
                        R"({"stages":["m.login.dummy"]}]})"},
                  {200, ok}});
    EXPECT_EQ(s.run({"@alice:hs.test", ""}).status, 200u);
    const auto b = s.bodies();
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[1]["auth"], (json{{"type", "m.login.dummy"}, {"session", "S"}}));
}

TEST(uia, a_server_that_needs_no_auth_gets_one_request) {
    uia_server s({{200, ok}});
    EXPECT_EQ(s.run(alice).status, 200u);
    EXPECT_EQ(s.bodies().size(), 1u);
}

TEST(uia, completes_two_stages_in_order_following_completed) {
    uia_server s(
        {{401, R"({"session":"S","flows":[{"stages":["m.login.dummy","m.login.password"]}]})"},
         {401, R"({"session":"S","completed":["m.login.dummy"],)"
               R"("flows":[{"stages":["m.login.dummy","m.login.password"]}]})"},
         {200, ok}});
    EXPECT_EQ(s.run(alice).status, 200u);
    const auto b = s.bodies();
    ASSERT_EQ(b.size(), 3u);
    EXPECT_EQ(b[1]["auth"], (json{{"type", "m.login.dummy"}, {"session", "S"}}));
    auto want = password_auth();
    want["session"] = "S";
    EXPECT_EQ(b[2]["auth"], want);
}

TEST(uia, stops_after_one_attempt_per_stage) {
    const std::string challenge = R"({"flows":[{"stages":["m.login.dummy","m.login.dummy"]}]})";
    uia_server s({{401, challenge}});
    EXPECT_EQ(s.run(alice).status, 401u);
    EXPECT_EQ(s.bodies().size(), 3u);
}

TEST(uia, a_refused_stage_is_the_answer) {
    uia_server s({{401, R"({"flows":[{"stages":["m.login.password"]}]})"},
                  {401, R"({"errcode":"M_FORBIDDEN","error":"wrong password",)"
                        R"("flows":[{"stages":["m.login.password"]}]})"}});
    const auto r = s.run(alice);
    EXPECT_EQ(r.status, 401u);
    EXPECT_EQ(r.errcode(), "M_FORBIDDEN");
    EXPECT_EQ(s.bodies().size(), 2u);
}

TEST(uia, says_what_the_server_offers_when_no_flow_can_be_completed) {
    uia_server s({{401, R"({"session":"S","flows":[{"stages":["m.login.email.identity"]},)"
                        R"({"stages":["m.login.recaptcha","m.login.dummy"]}]})"}});
    EXPECT_EQ(error_of(s, alice),
              "device deletion: the server offers flows [m.login.email.identity] or "
              "[m.login.recaptcha, m.login.dummy] and mxconform can complete only m.login.dummy "
              "and m.login.password");
    EXPECT_EQ(s.bodies().size(), 1u);
}

TEST(uia, a_password_flow_without_the_password_says_so) {
    uia_server s({{401, R"({"flows":[{"stages":["m.login.password"]}]})"}});
    EXPECT_EQ(error_of(s, {"@alice:hs.test", ""}),
              "device deletion: the server offers flows [m.login.password] and mxconform can "
              "complete only m.login.dummy (the password of @alice:hs.test is unknown)");
}

TEST(uia, a_401_that_is_not_json_is_no_challenge) {
    uia_server s({{401, "<html>\nUnauthorized</html>"}});
    EXPECT_EQ(error_of(s, alice),
              "device deletion: the 401 is no user-interactive auth challenge (it lists no "
              "flows): <html> Unauthorized</html>");
    EXPECT_EQ(s.bodies().size(), 1u);
}

}  // namespace
}  // namespace mxc::matrix
