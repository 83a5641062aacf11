// The uia-no-session fault (issue 9): user-interactive auth offers no session, and auth
// without one completes its stage in one request, as it does on the clean server. Each
// scenario runs on the clean server and on one with the fault; only the offer differs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace mxc::test {
namespace {

using refserver::fault;

// What a client sees of one user-interactive auth: whether the first 401 offers a session and
// lists flows, and the statuses of auth with an unknown session and of auth without one.
struct uia_view {
    bool offers_session = false;
    bool lists_flows = false;
    unsigned unknown_session = 0;
    unsigned without_session = 0;

    bool operator==(const uia_view&) const = default;
};

// Runs a flow against method target: body without auth, then with auth (plus a session).
uia_view run_flow(client& c, http::verb method, const std::string& target, json body,
                  const json& auth, const std::string& token = {}) {
    uia_view v;
    auto first = c.call(method, target, body.dump(), token);
    EXPECT_EQ(first.status, 401u) << first.describe();
    v.offers_session = first.body.is_object() && first.body.contains("session");
    v.lists_flows = first.body.is_object() && first.body.contains("flows") &&
                    first.body["flows"].is_array() && !first.body["flows"].empty();
    body["auth"] = auth;
    body["auth"]["session"] = "no-such-session";
    v.unknown_session = c.call(method, target, body.dump(), token).status;
    body["auth"].erase("session");
    v.without_session = c.call(method, target, body.dump(), token).status;
    return v;
}

std::pair<uia_view, uia_view> register_then_delete_device(test_server& srv) {
    client c(srv.base_url());
    const auto registered =
        run_flow(c, http::verb::post, c.path("/register"),
                 {{"username", "dana"}, {"password", "pw-d"}}, {{"type", "m.login.dummy"}});
    const auto dana = c.must_login("@dana:" + srv.server_name(), "pw-d");
    c.must_login(dana.user_id, "pw-d", "OTHER");
    const auto deleted = run_flow(c, http::verb::delete_, c.path("/devices/OTHER"), json::object(),
                                  {{"type", "m.login.password"},
                                   {"identifier", {{"type", "m.id.user"}, {"user", dana.user_id}}},
                                   {"password", "pw-d"}},
                                  dana.access_token);
    return {registered, deleted};
}

TEST(fault, uia_no_session_offers_no_session_and_completes_without_one) {
    const uia_view offered{true, true, 401, 200};
    test_server clean;
    EXPECT_EQ(register_then_delete_device(clean), std::make_pair(offered, offered));
    const uia_view not_offered{false, true, 401, 200};
    test_server faulty{fault::uia_no_session};
    EXPECT_EQ(register_then_delete_device(faulty), std::make_pair(not_offered, not_offered));
}

}  // namespace
}  // namespace mxc::test
