// Accounts and devices over HTTP: /versions, registration (user-interactive with m.login.dummy,
// and Synapse's shared-secret admin API), login, logout, whoami and the device endpoints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>

#include "fixture.hpp"

namespace mxc::test {
namespace {

using ::testing::Contains;
using ::testing::UnorderedElementsAre;

std::vector<std::string> device_ids(client& c, const account& as) {
    auto r = c.call(http::verb::get, c.path("/devices"), {}, as.access_token);
    if (r.status != 200) throw std::runtime_error("GET /devices: " + r.describe());
    std::vector<std::string> out;
    for (const auto& d : r.body.at("devices")) out.push_back(d.at("device_id"));
    return out;
}

api_reply whoami(client& c, const account& as) {
    return c.call(http::verb::get, c.path("/account/whoami"), {}, as.access_token);
}

TEST(versions, lists_r0_and_v1_versions_without_auth) {
    test_server srv;
    client c(srv.base_url());
    auto r = c.call(http::verb::get, "/_matrix/client/versions");
    ASSERT_EQ(r.status, 200u) << r.describe();
    const auto& versions = r.body.at("versions");
    EXPECT_THAT(versions, Contains("r0.6.1"));
    EXPECT_THAT(versions, Contains("v1.1"));
}

TEST(register_uia, first_request_gets_401_with_session_and_dummy_flow) {
    test_server srv;
    client c(srv.base_url());
    auto r = c.call_json(http::verb::post, c.path("/register"),
                         {{"username", "alice"}, {"password", "pw"}});
    ASSERT_EQ(r.status, 401u) << r.describe();
    ASSERT_TRUE(r.body["session"].is_string());
    EXPECT_FALSE(r.body["session"].get<std::string>().empty());
    EXPECT_EQ(r.body["flows"], json::parse(R"([{"stages": ["m.login.dummy"]}])"));
    EXPECT_FALSE(r.body.contains("access_token"));
}

TEST(register_uia, completing_the_dummy_stage_registers_and_logs_in) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice");
    EXPECT_EQ(alice.user_id, "@alice:" + srv.server_name());
    EXPECT_FALSE(alice.device_id.empty());
    auto me = whoami(c, alice);
    ASSERT_EQ(me.status, 200u) << me.describe();
    EXPECT_EQ(me.body["user_id"], alice.user_id);
    EXPECT_EQ(me.body["device_id"], alice.device_id);
}

TEST(register_uia, unknown_session_is_refused_and_creates_nobody) {
    test_server srv;
    client c(srv.base_url());
    auto r = c.call_json(http::verb::post, c.path("/register"),
                         {{"username", "alice"},
                          {"password", "pw"},
                          {"auth", {{"type", "m.login.dummy"}, {"session", "no-such-session"}}}});
    EXPECT_EQ(r.status, 401u) << r.describe();
    EXPECT_FALSE(r.body.contains("access_token"));
    // The name is still free: a proper registration gets it.
    EXPECT_EQ(c.must_register("alice").user_id, "@alice:" + srv.server_name());
}

TEST(register_uia, a_completed_session_cannot_register_a_second_user) {
    test_server srv;
    client c(srv.base_url());
    auto first = c.call_json(http::verb::post, c.path("/register"), {{"username", "alice"}});
    ASSERT_EQ(first.status, 401u) << first.describe();
    const json auth{{"type", "m.login.dummy"}, {"session", first.body["session"]}};
    auto done =
        c.call_json(http::verb::post, c.path("/register"), {{"username", "alice"}, {"auth", auth}});
    ASSERT_EQ(done.status, 200u) << done.describe();
    auto again =
        c.call_json(http::verb::post, c.path("/register"), {{"username", "bob"}, {"auth", auth}});
    EXPECT_NE(again.status, 200u) << again.describe();
}

// The auth data's "session" is needed only if the server gave one: a client may complete
// the dummy stage in its first request.
TEST(register_uia, dummy_auth_without_session_registers_in_one_request) {
    test_server srv;
    client c(srv.base_url());
    auto r = c.call_json(
        http::verb::post, c.path("/register"),
        {{"username", "alice"}, {"password", "pw"}, {"auth", {{"type", "m.login.dummy"}}}});
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body["user_id"], "@alice:" + srv.server_name());
    auto alice = account{r.body["user_id"], r.body["device_id"], r.body["access_token"], "pw"};
    EXPECT_EQ(whoami(c, alice).body["device_id"], alice.device_id);
    EXPECT_NO_THROW(c.must_login(alice.user_id, "pw"));
}

TEST(register_uia, unoffered_stage_without_session_is_refused_and_creates_nobody) {
    test_server srv;
    client c(srv.base_url());
    for (const json& auth : {json{{"type", "m.login.password"}, {"password", "pw"}},
                             json{{"type", 7}}, json::object()}) {
        auto r = c.call_json(http::verb::post, c.path("/register"),
                             {{"username", "alice"}, {"password", "pw"}, {"auth", auth}});
        EXPECT_EQ(r.status, 401u) << auth << ": " << r.describe();
        EXPECT_FALSE(r.body.contains("access_token")) << auth;
        EXPECT_EQ(r.body["flows"], json::parse(R"([{"stages": ["m.login.dummy"]}])")) << auth;
    }
    EXPECT_EQ(c.must_register("alice").user_id, "@alice:" + srv.server_name());
}

TEST(register_uia, taken_name_is_m_user_in_use) {
    test_server srv;
    client c(srv.base_url());
    c.must_register("alice");
    auto r = c.call_json(http::verb::post, c.path("/register"), {{"username", "alice"}});
    EXPECT_EQ(r.status, 400u) << r.describe();
    EXPECT_EQ(r.errcode(), "M_USER_IN_USE");
}

TEST(register_uia, invalid_user_name_is_m_invalid_username) {
    test_server srv;
    client c(srv.base_url());
    for (const char* name : {"has space", "has:colon", "caf\xc3\xa9", "@alice"}) {
        auto r = c.call_json(http::verb::post, c.path("/register"), {{"username", name}});
        EXPECT_EQ(r.status, 400u) << name << ": " << r.describe();
        EXPECT_EQ(r.errcode(), "M_INVALID_USERNAME") << name;
    }
}

// Synapse's shared-secret registration: HMAC-SHA1 over nonce NUL user NUL password NUL
// "admin"|"notadmin", hex, computed here independently of the server's helper.
std::string admin_mac(const std::string& secret, const std::string& nonce, const std::string& user,
                      const std::string& password, bool admin = false) {
    std::string message =
        nonce + '\0' + user + '\0' + password + '\0' + (admin ? "admin" : "notadmin");
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len);
    std::string hex;
    for (unsigned i = 0; i < len; ++i) hex += fmt::format("{:02x}", out[i]);
    return hex;
}

constexpr const char* admin_path = "/_synapse/admin/v1/register";

std::string nonce(client& c) {
    auto r = c.call(http::verb::get, admin_path);
    if (r.status != 200 || !r.body["nonce"].is_string())
        throw std::runtime_error("nonce: " + r.describe());
    return r.body["nonce"];
}

json admin_body(const std::string& n, const std::string& user, const std::string& mac) {
    return {{"nonce", n}, {"username", user}, {"password", "pw"}, {"admin", false}, {"mac", mac}};
}

TEST(admin_register, correct_mac_registers_and_returns_a_token) {
    test_server srv(server_options{{}, "s3cret"});
    client c(srv.base_url());
    const auto n = nonce(c);
    auto r = c.call_json(http::verb::post, admin_path,
                         admin_body(n, "carol", admin_mac("s3cret", n, "carol", "pw")));
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body["user_id"], "@carol:" + srv.server_name());
    auto carol = account{r.body["user_id"], r.body["device_id"], r.body["access_token"], "pw"};
    EXPECT_EQ(whoami(c, carol).body["device_id"], carol.device_id);
    // The password set through the admin API logs in.
    EXPECT_NO_THROW(c.must_login(carol.user_id, "pw"));
}

TEST(admin_register, admin_flag_is_part_of_the_mac) {
    test_server srv(server_options{{}, "s3cret"});
    client c(srv.base_url());
    auto n = nonce(c);
    auto body = admin_body(n, "root", admin_mac("s3cret", n, "root", "pw", true));
    body["admin"] = true;
    EXPECT_EQ(c.call_json(http::verb::post, admin_path, body).status, 200u);
    // A mac made for "notadmin" does not pass for an admin request.
    n = nonce(c);
    body = admin_body(n, "root2", admin_mac("s3cret", n, "root2", "pw", false));
    body["admin"] = true;
    EXPECT_EQ(c.call_json(http::verb::post, admin_path, body).status, 403u);
}

TEST(admin_register, wrong_mac_is_403_and_creates_nobody) {
    test_server srv(server_options{{}, "s3cret"});
    client c(srv.base_url());
    const auto n = nonce(c);
    auto r = c.call_json(http::verb::post, admin_path,
                         admin_body(n, "carol", admin_mac("wrong", n, "carol", "pw")));
    EXPECT_EQ(r.status, 403u) << r.describe();
    EXPECT_EQ(r.errcode(), "M_FORBIDDEN");
    EXPECT_EQ(
        c.call(http::verb::post, c.path("/login"),
               json{{"type", "m.login.password"}, {"user", "carol"}, {"password", "pw"}}.dump())
            .status,
        403u);
}

TEST(admin_register, a_nonce_is_good_for_one_request) {
    test_server srv(server_options{{}, "s3cret"});
    client c(srv.base_url());
    const auto n = nonce(c);
    ASSERT_EQ(c.call_json(http::verb::post, admin_path,
                          admin_body(n, "carol", admin_mac("s3cret", n, "carol", "pw")))
                  .status,
              200u);
    auto again = c.call_json(http::verb::post, admin_path,
                             admin_body(n, "dave", admin_mac("s3cret", n, "dave", "pw")));
    EXPECT_EQ(again.status, 400u) << again.describe();
    // As in Synapse, a failed attempt uses the nonce up too.
    const auto m = nonce(c);
    ASSERT_EQ(c.call_json(http::verb::post, admin_path,
                          admin_body(m, "erin", admin_mac("wrong", m, "erin", "pw")))
                  .status,
              403u);
    EXPECT_EQ(c.call_json(http::verb::post, admin_path,
                          admin_body(m, "erin", admin_mac("s3cret", m, "erin", "pw")))
                  .status,
              400u);
}

TEST(admin_register, unknown_nonce_is_refused) {
    test_server srv(server_options{{}, "s3cret"});
    client c(srv.base_url());
    auto r =
        c.call_json(http::verb::post, admin_path,
                    admin_body("made-up", "carol", admin_mac("s3cret", "made-up", "carol", "pw")));
    EXPECT_EQ(r.status, 400u) << r.describe();
}

TEST(admin_register, disabled_without_a_shared_secret) {
    test_server srv;
    client c(srv.base_url());
    auto get = c.call(http::verb::get, admin_path);
    EXPECT_EQ(get.status, 400u) << get.describe();
    EXPECT_FALSE(get.body.contains("nonce"));
    auto post = c.call_json(http::verb::post, admin_path,
                            admin_body("n", "carol", admin_mac("", "n", "carol", "pw")));
    EXPECT_EQ(post.status, 400u) << post.describe();
}

TEST(login, password_login_makes_a_new_device) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto second = c.must_login(alice.user_id, "pw1");
    EXPECT_EQ(second.user_id, alice.user_id);
    EXPECT_NE(second.device_id, alice.device_id);
    EXPECT_NE(second.access_token, alice.access_token);
    EXPECT_EQ(whoami(c, second).body["device_id"], second.device_id);
    EXPECT_THAT(device_ids(c, alice), UnorderedElementsAre(alice.device_id, second.device_id));
}

TEST(login, localpart_alone_identifies_the_user) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto r = c.call_json(http::verb::post, c.path("/login"),
                         {{"type", "m.login.password"}, {"user", "alice"}, {"password", "pw1"}});
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.body["user_id"], alice.user_id);
}

TEST(login, chosen_device_id_is_used) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto phone = c.must_login(alice.user_id, "pw1", "PHONE");
    EXPECT_EQ(phone.device_id, "PHONE");
    EXPECT_EQ(whoami(c, phone).body["device_id"], "PHONE");
    EXPECT_THAT(device_ids(c, alice), Contains("PHONE"));
}

TEST(login, wrong_password_or_unknown_user_is_403) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    for (const auto& [user, pw] : std::vector<std::pair<std::string, std::string>>{
             {alice.user_id, "nope"}, {"@nobody:" + srv.server_name(), "pw1"}}) {
        auto r = c.call_json(http::verb::post, c.path("/login"),
                             {{"type", "m.login.password"},
                              {"identifier", {{"type", "m.id.user"}, {"user", user}}},
                              {"password", pw}});
        EXPECT_EQ(r.status, 403u) << r.describe();
        EXPECT_EQ(r.errcode(), "M_FORBIDDEN");
    }
}

TEST(logout, removes_the_device_and_kills_its_token) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto laptop = c.must_login(alice.user_id, "pw1");
    auto r = c.call(http::verb::post, c.path("/logout"), "{}", laptop.access_token);
    ASSERT_EQ(r.status, 200u) << r.describe();
    auto dead = whoami(c, laptop);
    EXPECT_EQ(dead.status, 401u);
    EXPECT_EQ(dead.errcode(), "M_UNKNOWN_TOKEN");
    EXPECT_THAT(device_ids(c, alice), UnorderedElementsAre(alice.device_id));
}

TEST(devices, lists_every_device_of_the_caller_only) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto tablet = c.must_login(alice.user_id, "pw1", "TABLET");
    auto bob = c.must_register("bob");
    EXPECT_THAT(device_ids(c, tablet), UnorderedElementsAre(alice.device_id, "TABLET"));
    EXPECT_THAT(device_ids(c, bob), UnorderedElementsAre(bob.device_id));
}

TEST(devices, delete_needs_password_auth) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto tablet = c.must_login(alice.user_id, "pw1", "TABLET");
    const auto target = c.path("/devices/TABLET");

    auto first = c.call(http::verb::delete_, target, "{}", alice.access_token);
    ASSERT_EQ(first.status, 401u) << first.describe();
    EXPECT_EQ(first.body["flows"], json::parse(R"([{"stages": ["m.login.password"]}])"));
    json auth{{"type", "m.login.password"},
              {"identifier", {{"type", "m.id.user"}, {"user", alice.user_id}}},
              {"password", "wrong"},
              {"session", first.body["session"]}};
    auto wrong = c.call_json(http::verb::delete_, target, {{"auth", auth}}, alice.access_token);
    EXPECT_EQ(wrong.status, 401u) << wrong.describe();
    EXPECT_THAT(device_ids(c, alice), Contains("TABLET"));

    auth["password"] = "pw1";
    auto done = c.call_json(http::verb::delete_, target, {{"auth", auth}}, alice.access_token);
    ASSERT_EQ(done.status, 200u) << done.describe();
    EXPECT_THAT(device_ids(c, alice), UnorderedElementsAre(alice.device_id));
    EXPECT_EQ(whoami(c, tablet).errcode(), "M_UNKNOWN_TOKEN");
}

json password_auth(const account& as, const std::string& password) {
    return {{"type", "m.login.password"},
            {"identifier", {{"type", "m.id.user"}, {"user", as.user_id}}},
            {"password", password}};
}

TEST(devices, delete_with_password_auth_without_session_in_one_request) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto tablet = c.must_login(alice.user_id, "pw1", "TABLET");
    auto r = c.call_json(http::verb::delete_, c.path("/devices/TABLET"),
                         {{"auth", password_auth(alice, "pw1")}}, alice.access_token);
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_THAT(device_ids(c, alice), UnorderedElementsAre(alice.device_id));
    EXPECT_EQ(whoami(c, tablet).errcode(), "M_UNKNOWN_TOKEN");
}

TEST(devices, delete_without_session_and_wrong_password_is_refused_with_a_session) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    c.must_login(alice.user_id, "pw1", "TABLET");
    const auto target = c.path("/devices/TABLET");
    auto wrong = c.call_json(http::verb::delete_, target, {{"auth", password_auth(alice, "wrong")}},
                             alice.access_token);
    ASSERT_EQ(wrong.status, 401u) << wrong.describe();
    EXPECT_EQ(wrong.errcode(), "M_FORBIDDEN");
    EXPECT_EQ(wrong.body["flows"], json::parse(R"([{"stages": ["m.login.password"]}])"));
    EXPECT_THAT(device_ids(c, alice), Contains("TABLET"));
    // The request started a session; the client goes on in it with the right password.
    ASSERT_TRUE(wrong.body["session"].is_string()) << wrong.describe();
    auto auth = password_auth(alice, "pw1");
    auth["session"] = wrong.body["session"];
    auto done = c.call_json(http::verb::delete_, target, {{"auth", auth}}, alice.access_token);
    ASSERT_EQ(done.status, 200u) << done.describe();
    EXPECT_THAT(device_ids(c, alice), UnorderedElementsAre(alice.device_id));
}

TEST(devices, delete_without_session_with_the_dummy_stage_is_refused) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    c.must_login(alice.user_id, "pw1", "TABLET");
    auto r = c.call_json(http::verb::delete_, c.path("/devices/TABLET"),
                         {{"auth", {{"type", "m.login.dummy"}}}}, alice.access_token);
    EXPECT_EQ(r.status, 401u) << r.describe();
    EXPECT_THAT(device_ids(c, alice), Contains("TABLET"));
}

TEST(devices, delete_of_an_unknown_device_is_404) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto r = c.call(http::verb::delete_, c.path("/devices/NOSUCH"), "{}", alice.access_token);
    EXPECT_EQ(r.status, 404u) << r.describe();
    EXPECT_EQ(r.errcode(), "M_NOT_FOUND");
}

TEST(devices, another_users_device_cannot_be_deleted) {
    test_server srv;
    client c(srv.base_url());
    auto alice = c.must_register("alice", "pw1");
    auto bob = c.must_register("bob", "pw2");
    auto r = c.call(http::verb::delete_, c.path("/devices/" + encode(alice.device_id)), "{}",
                    bob.access_token);
    EXPECT_EQ(r.status, 404u) << r.describe();
    EXPECT_EQ(whoami(c, alice).status, 200u);
}

}  // namespace
}  // namespace mxc::test
