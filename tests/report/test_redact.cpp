// The redaction rules of reports/README.md, one by one, and then the promise they serve: no
// secret of the fixture run appears in any report or on the console.
#include <gtest/gtest.h>

#include <sstream>

#include "fixture_run.hpp"
#include "report/console_reporter.hpp"
#include "report/file_reporters.hpp"
#include "report/redact.hpp"

namespace mxc::report {
namespace {

TEST(redact, json_members_with_secret_keys) {
    EXPECT_EQ(redact_text(R"({"access_token":"syt_abc","device_id":"D"})", test::redaction()),
              R"({"access_token":"<redacted>","device_id":"D"})");
    EXPECT_EQ(redact_text(R"({"password" : "p\"w", "mac":"m", "nonce":"n"})", test::redaction()),
              R"({"password" : "<redacted>", "mac":"<redacted>", "nonce":"n"})");
    EXPECT_EQ(redact_text(R"({"refresh_token": 12345, "new_password": null})", test::redaction()),
              R"({"refresh_token": "<redacted>", "new_password": "<redacted>"})");
    EXPECT_EQ(redact_text(R"({"registration_shared_secret":"s"})", test::redaction()),
              R"({"registration_shared_secret":"<redacted>"})");
}

TEST(redact, leaves_look_alikes_alone) {
    std::string_view untouched[] = {
        R"({"type":"m.login.password","identifier":{}})",  // a secret key's name as a value
        R"({"my_password":"x","access_tokens":"y"})",      // other keys
        R"({"password":{"nested":"object"}})",             // not a scalar: nothing to hide
        "no secrets here", "mac and password in prose"};
    for (auto s : untouched) EXPECT_EQ(redact_text(s, test::redaction()), s);
}

TEST(redact, escaped_json_and_truncated_bodies) {
    EXPECT_EQ(redact_text(R"(body: "{\"access_token\":\"tok\",\"x\":1}")", test::redaction()),
              R"(body: "{\"access_token\":\"<redacted>\",\"x\":1}")");
    EXPECT_EQ(redact_text(R"({"a":1,"password":"hunt)", test::redaction()),
              R"({"a":1,"password":"<redacted>")");
    EXPECT_EQ(redact_text(R"({"password":)", test::redaction()), R"({"password":)");
}

TEST(redact, access_token_query_parameter) {
    EXPECT_EQ(redact_text("/sync?access_token=abc&since=s1", test::redaction()),
              "/sync?access_token=<redacted>&since=s1");
    EXPECT_EQ(redact_text("/sync?since=s1&access_token=abc", test::redaction()),
              "/sync?since=s1&access_token=<redacted>");
    EXPECT_EQ(redact_text("GET /x?access_token=abc failed", test::redaction()),
              "GET /x?access_token=<redacted> failed");
    EXPECT_EQ(redact_text("/x?my_access_token=abc", test::redaction()), "/x?my_access_token=abc");
}

TEST(redact, bearer_tokens_in_text) {
    EXPECT_EQ(redact_text("sent Authorization: Bearer syt_x_y, got 401", test::redaction()),
              "sent Authorization: Bearer <redacted>, got 401");
}

TEST(redact, is_idempotent) {
    std::string once =
        redact_text(R"({"access_token":"a"} /x?access_token=b Bearer c)", test::redaction());
    EXPECT_EQ(redact_text(once, test::redaction()), once);
}

TEST(redact, secret_headers_in_any_case) {
    core::header_list in = {{"Authorization", "Bearer a"},
                            {"AUTHORIZATION", "X-Matrix origin=o,sig=s"},
                            {"Cookie", "c=1"},
                            {"set-cookie", "d=2"},
                            {"Content-Type", "application/json"}};
    // An X-Matrix header signs one request and is no credential: transcripts keep it.
    core::header_list want = {{"Authorization", "<redacted>"},
                              {"AUTHORIZATION", "X-Matrix origin=o,sig=s"},
                              {"Cookie", "<redacted>"},
                              {"set-cookie", "<redacted>"},
                              {"Content-Type", "application/json"}};
    EXPECT_EQ(redact_headers(in, test::redaction()), want);
}

TEST(redact, the_policy_decides_what_is_secret) {
    util::redaction_policy p;
    p.json_keys = {"pin"};
    p.query_params = {"key"};
    p.token_prefixes = {"Token "};
    p.secret_headers = {"X-Api-Key"};
    EXPECT_EQ(redact_text(R"({"pin":"1234","password":"p"} /x?key=k Token t)", p),
              R"({"pin":"<redacted>","password":"p"} /x?key=<redacted> Token <redacted>)");
    core::header_list in = {{"x-api-key", "k"}, {"Authorization", "Bearer b"}};
    core::header_list want = {{"x-api-key", "<redacted>"}, {"Authorization", "Bearer b"}};
    EXPECT_EQ(redact_headers(in, p), want);
}

void expect_no_secret(const std::string& where, const std::string& text) {
    for (const auto& secret : test::fixture_secrets)
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " leaked into " << where;
}

TEST(redact, no_secret_in_any_report) {
    for (auto* make : {&test::make_fixture_run, &test::make_setup_error_run}) {
        auto f = make();
        test::temp_dir dir;
        for (auto& r : make_file_reporters(dir.path(), false, test::redaction()))
            r->run_finished(f.summary);
        auto files = test::read_tree(dir.path());
        EXPECT_GE(files.size(), 4u);
        for (const auto& [name, content] : files) expect_no_secret(name, content);

        for (bool verbose : {false, true}) {
            std::ostringstream out;
            console_reporter c(out, test::redaction(),
                               {.color = true, .tty = true, .verbose = verbose});
            c.run_started(f.summary.info);
            for (const auto& r : f.summary.results) c.case_finished(r, 1, 9);
            c.run_finished(f.summary);
            expect_no_secret("the console", out.str());
        }
    }
}

TEST(redact, keeps_what_is_not_secret) {
    auto f = test::make_fixture_run();
    test::temp_dir dir;
    for (auto& r : make_file_reporters(dir.path(), false, test::redaction()))
        r->run_finished(f.summary);
    auto t = test::read_file(dir.path() / "transcripts/to_device.ack.redelivered_until_acked.json");
    EXPECT_NE(t.find("abc123nonce"), std::string::npos);  // the nonce is public
    EXPECT_NE(t.find("ALICEDEV"), std::string::npos);
}

}  // namespace
}  // namespace mxc::report
