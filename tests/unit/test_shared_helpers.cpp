// The small things written once (issue #8, part 7): the secret-key list the client and the
// reporters share, Boost.URL percent-decoding, the clock and the atomic file writer.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "matrix/client.hpp"
#include "matrix/secrets.hpp"
#include "net/percent.hpp"
#include "support/temp_dir.hpp"
#include "util/atomic_file.hpp"
#include "util/clock.hpp"

namespace mxc {
namespace {

TEST(secrets, the_client_redacts_every_secret_key) {
    for (auto key : matrix::secret_keys) {
        const std::string body = R"({")" + std::string(key) + R"(":"s3cret","nonce":"n"})";
        const auto out = matrix::redact_body(body);
        EXPECT_EQ(out.find("s3cret"), std::string::npos) << key;
        EXPECT_NE(out.find(R"("nonce":"n")"), std::string::npos) << key;
    }
    EXPECT_EQ(matrix::redact_target("/sync?since=1&access_token=abc"),
              "/sync?since=1&access_token=<redacted>");
}

TEST(secrets, the_reporters_policy_is_the_same_list) {
    const auto p = matrix::redaction_policy();
    EXPECT_EQ(p.json_keys.size(), matrix::secret_keys.size());
    for (const auto& k : p.json_keys) EXPECT_TRUE(matrix::is_secret_key(k)) << k;
    EXPECT_FALSE(matrix::is_secret_key("nonce"));
}

TEST(percent_decode, decodes_escapes_and_leaves_malformed_text_alone) {
    EXPECT_EQ(net::percent_decode("%40bob%3Ahs.local"), "@bob:hs.local");
    EXPECT_EQ(net::percent_decode("a+b%2Fc"), "a+b/c");
    EXPECT_EQ(net::percent_decode("100%"), "100%");
    EXPECT_EQ(net::percent_decode("%zz"), "%zz");
}

TEST(clock, unix_ms_is_now) {
    const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const auto t = util::unix_ms();
    EXPECT_GE(t, before);
    EXPECT_LT(t - before, 60'000);
}

TEST(atomic_file, writes_whole_with_the_mode_asked_for) {
    const test::temp_dir tmp;
    const auto dir = tmp.path();
    const auto key = dir / "sub" / "key.pem";
    util::write_file_atomic(key, "old, longer content", 0600);
    util::write_file_atomic(key, "new", 0600);
    std::ifstream in(key);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "new");
    struct stat st {};
    ASSERT_EQ(::stat(key.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "sub"), {}), 1);
    EXPECT_THROW(util::write_file_atomic(key / "below_a_file", "x"), util::write_error);
}

}  // namespace
}  // namespace mxc
