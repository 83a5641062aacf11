// X-Matrix request authentication (server-server API, "Request Authentication"): what senders
// write, how leniently receivers read, and every reason to refuse a request.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "matrix/base64.hpp"
#include "matrix/x_matrix.hpp"

namespace mxc::matrix {
namespace {

using nlohmann::json;

TEST(x_matrix, request_json_has_content_only_with_a_body) {
    const json body = {{"origin", "a.example"}, {"pdus", json::array()}};
    EXPECT_EQ(request_signing_json("PUT", "/_matrix/federation/v1/send/1?x=y", "a.example",
                                   "b.example", &body),
              R"({"content":{"origin":"a.example","pdus":[]},"destination":"b.example",)"
              R"("method":"PUT","origin":"a.example","uri":"/_matrix/federation/v1/send/1?x=y"})");
    EXPECT_EQ(request_signing_json("GET", "/_matrix/key/v2/server", "a", "b", nullptr),
              R"({"destination":"b","method":"GET","origin":"a","uri":"/_matrix/key/v2/server"})");
}

TEST(x_matrix, header_is_written_the_compatible_way) {
    EXPECT_EQ(
        x_matrix_header("a.example:8448", "b.example", "ed25519:1", "c2ln"),
        R"(X-Matrix origin="a.example:8448",destination="b.example",key="ed25519:1",sig="c2ln")");
    EXPECT_EQ(x_matrix_header("a", "", "ed25519:1", "c2ln"),
              R"(X-Matrix origin="a",key="ed25519:1",sig="c2ln")");
}

struct parse_case {
    const char* header;
    const char* origin;
    const char* destination;  // nullptr: absent
    const char* key;
    const char* sig;
};

TEST(x_matrix, parser_accepts_what_rfc_9110_and_the_spec_allow) {
    const std::vector<parse_case> cases = {
        {R"(X-Matrix origin="o",destination="d",key="ed25519:1",sig="s")", "o", "d", "ed25519:1",
         "s"},
        {R"(X-Matrix sig="s",key="ed25519:1",destination="d",origin="o")", "o", "d", "ed25519:1",
         "s"},
        {R"(x-matrix ORIGIN="o",Destination="d",KEY="ed25519:1",Sig="s")", "o", "d", "ed25519:1",
         "s"},
        {"X-MATRIX origin=\"o\" ,\tdestination=\"d\" , key=\"ed25519:1\",  sig=\"s\"", "o", "d",
         "ed25519:1", "s"},
        {"X-Matrix origin = \"o\", key =\t\"ed25519:1\", sig= \"s\"", "o", nullptr, "ed25519:1",
         "s"},
        {"X-Matrix origin=hs.example:8448,destination=[::1]:8448,key=ed25519:a_1,sig=ab+/c=",
         "hs.example:8448", "[::1]:8448", "ed25519:a_1", "ab+/c="},
        {R"(X-Matrix origin="o\"q\\",key="ed25519:1",sig="s\x")", "o\"q\\", nullptr, "ed25519:1",
         "sx"},
        {R"(X-Matrix origin="o",future="1, 2",token=abc,key="ed25519:1",sig="s")", "o", nullptr,
         "ed25519:1", "s"},
        {"  X-Matrix   origin=\"o\",,key=\"ed25519:1\",sig=\"s\",  ", "o", nullptr, "ed25519:1",
         "s"},
        {R"(X-Matrix origin="o",destination="",key="ed25519:1",sig="s")", "o", "", "ed25519:1",
         "s"},
    };
    for (const auto& c : cases) {
        const auto parsed = parse_x_matrix(c.header);
        ASSERT_TRUE(parsed) << c.header << " -> " << parsed.error;
        EXPECT_EQ(parsed.auth->origin, c.origin) << c.header;
        EXPECT_EQ(parsed.auth->key_id, c.key) << c.header;
        EXPECT_EQ(parsed.auth->sig, c.sig) << c.header;
        if (c.destination) {
            EXPECT_EQ(parsed.auth->destination, std::optional<std::string>(c.destination))
                << c.header;
        } else {
            EXPECT_FALSE(parsed.auth->destination) << c.header;
        }
    }
}

TEST(x_matrix, parser_refuses_unusable_headers_with_a_reason) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {R"(X-Matrix origin="o",key="ed25519:1")", "missing or empty sig"},
        {R"(X-Matrix key="ed25519:1",sig="s")", "missing or empty origin"},
        {R"(X-Matrix origin="o",sig="s")", "missing or empty key"},
        {R"(X-Matrix origin="",key="ed25519:1",sig="s")", "missing or empty origin"},
        {R"(X-Matrix origin="o",key="ed25519:1",signature="s")", "\"signature\" parameter"},
        {"X-Matrix", "missing or empty origin, key, sig"},
        {R"(Bearer abc)", "not X-Matrix"},
        {R"(X-Matrixorigin="o",key="k",sig="s")", "not X-Matrix"},
        {R"(X-Matrix origin="o,key="ed25519:1",sig="s)", "unexpected"},
        {R"(X-Matrix origin="o",key="ed25519:1",sig="s)", "unterminated"},
        {R"(X-Matrix origin="o" key="ed25519:1",sig="s")", "unexpected 'k'"},
        {R"(X-Matrix origin="o",origin="p",key="ed25519:1",sig="s")", "appears twice"},
        {R"(X-Matrix origin,key="ed25519:1",sig="s")", "expected '='"},
        {R"(X-Matrix ="o",key="ed25519:1",sig="s")", "expected a parameter name"},
        {R"(X-Matrix origin=o"p,key="ed25519:1",sig="s")", "unquoted value"},
        {"X-Matrix origin=\"o\x01\",key=\"ed25519:1\",sig=\"s\"", "control character"},
    };
    for (const auto& [header, why] : bad) {
        const auto parsed = parse_x_matrix(header);
        EXPECT_FALSE(parsed) << header;
        EXPECT_NE(parsed.error.find(why), std::string::npos) << header << " -> " << parsed.error;
    }
}

// A remote server "a.example" with one key, talking to us, "b.example".
class verify_request_test : public ::testing::Test {
  protected:
    signing_key key_ = signing_key::generate("1");
    signing_key other_ = signing_key::generate("2");
    const std::string uri_ = "/_matrix/federation/v1/send/txn1";
    const json body_ = {{"origin", "a.example"},
                        {"pdus", json::array()},
                        {"edus", json::array({{{"edu_type", "m.direct_to_device"}}})}};
    std::vector<std::pair<std::string, std::string>> lookups_;

    key_lookup lookup() {
        return
            [this](std::string_view origin, std::string_view key_id) -> std::optional<std::string> {
                lookups_.emplace_back(origin, key_id);
                if (origin == "a.example" && key_id == "ed25519:1") return key_.public_key();
                return std::nullopt;
            };
    }

    std::string good_header() {
        return sign_request(key_, "PUT", uri_, "a.example", "b.example", &body_);
    }

    request_check verify(const std::vector<std::string>& headers, const json* body,
                         std::string method = "PUT", std::string uri = "") {
        return verify_request(method, uri.empty() ? uri_ : uri, body, headers, "b.example",
                              lookup());
    }

    void expect_refused(const request_check& check, const std::string& words) {
        EXPECT_FALSE(check.ok);
        EXPECT_NE(check.reason.find(words), std::string::npos) << check.reason;
    }
};

TEST_F(verify_request_test, accepts_a_signed_request) {
    const auto check = verify({good_header()}, &body_);
    ASSERT_TRUE(check) << check.reason;
    EXPECT_EQ(check.origin, "a.example");
    EXPECT_EQ(check.key_id, "ed25519:1");
    EXPECT_EQ(lookups_,
              (std::vector<std::pair<std::string, std::string>>{{"a.example", "ed25519:1"}}));
}

TEST_F(verify_request_test, accepts_a_request_without_body_or_destination_parameter) {
    // Pre-v1.3 senders sign with destination in the JSON but leave the parameter out.
    const auto full = sign_request(key_, "GET", "/_matrix/federation/v1/version", "a.example",
                                   "b.example", nullptr);
    const auto sig = parse_x_matrix(full).auth->sig;
    const auto legacy = x_matrix_header("a.example", "", "ed25519:1", sig);
    const auto check = verify({legacy}, nullptr, "GET", "/_matrix/federation/v1/version");
    EXPECT_TRUE(check) << check.reason;
}

TEST_F(verify_request_test, accepts_when_one_of_several_headers_verifies) {
    const auto wrong = sign_request(other_, "PUT", uri_, "a.example", "b.example", &body_);
    const auto check = verify({"Bearer abc", wrong, good_header()}, &body_);
    ASSERT_TRUE(check) << check.reason;
    EXPECT_EQ(check.key_id, "ed25519:1");
}

TEST_F(verify_request_test, refuses_a_changed_body_method_uri_or_missing_body) {
    json changed = body_;
    changed["origin"] = "evil.example";
    expect_refused(verify({good_header()}, &changed), "does not verify");
    expect_refused(verify({good_header()}, nullptr), "does not verify");
    expect_refused(verify({good_header()}, &body_, "POST"), "does not verify");
    expect_refused(verify({good_header()}, &body_, "PUT", uri_ + "?x=1"), "does not verify");
}

TEST_F(verify_request_test, refuses_a_request_meant_for_another_server) {
    const auto header = sign_request(key_, "PUT", uri_, "a.example", "c.example", &body_);
    const auto check = verify({header}, &body_);
    expect_refused(check, "destination \"c.example\" is not this server");
    EXPECT_EQ(check.origin, "a.example");
    EXPECT_TRUE(lookups_.empty());
}

TEST_F(verify_request_test, refuses_unknown_keys_wrong_keys_and_bad_signatures) {
    const auto unknown = sign_request(other_, "PUT", uri_, "a.example", "b.example", &body_);
    expect_refused(verify({unknown}, &body_), "key \"ed25519:2\" of \"a.example\" is not known");
    const auto sig = parse_x_matrix(unknown).auth->sig;
    const auto impostor = x_matrix_header("a.example", "b.example", "ed25519:1", sig);
    expect_refused(verify({impostor}, &body_), "does not verify");
    expect_refused(verify({x_matrix_header("a.example", "b.example", "ed25519:1", "@@")}, &body_),
                   "not base64");
    expect_refused(verify({x_matrix_header("a.example", "b.example", "rsa:1", sig)}, &body_),
                   "not ed25519");
    const auto signed_for_other_origin =
        sign_request(key_, "PUT", uri_, "z.example", "b.example", &body_);
    expect_refused(verify({signed_for_other_origin}, &body_), "is not known");
}

TEST_F(verify_request_test, refuses_missing_unparsable_or_conflicting_headers) {
    expect_refused(verify({}, &body_), "no Authorization header");
    expect_refused(verify({"Bearer abc"}, &body_), "Authorization header 1: scheme");
    const auto other_origin = sign_request(key_, "PUT", uri_, "z.example", "b.example", &body_);
    expect_refused(verify({good_header(), other_origin}, &body_), "different origins");
    json with_float = body_;
    with_float["x"] = 0.5;
    expect_refused(verify({good_header()}, &with_float), "no canonical form");
}

}  // namespace
}  // namespace mxc::matrix
