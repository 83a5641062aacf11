#include "matrix/registration.hpp"

#include <gtest/gtest.h>

namespace mxc::matrix {

TEST(registration, parses_each_method) {
    auto s = registration::parse("shared-secret:abc:def");
    EXPECT_EQ(s.how, registration::method::shared_secret);
    EXPECT_EQ(s.shared_secret, "abc:def");
    EXPECT_EQ(registration::parse("open").how, registration::method::open);
    auto t = registration::parse("tokens:/tmp/accounts.yaml");
    EXPECT_EQ(t.how, registration::method::tokens);
    EXPECT_EQ(t.tokens_file, "/tmp/accounts.yaml");
}

TEST(registration, refuses_what_it_cannot_use_without_echoing_a_secret) {
    for (const char* bad : {"", "bogus", "shared-secret:", "tokens:", "OPEN"})
        EXPECT_THROW(registration::parse(bad), std::invalid_argument) << bad;
    try {
        registration::parse("shared-secret:");
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(),
                     "expected shared-secret:SECRET, open or tokens:FILE, not 'shared-secret:'");
    }
}

TEST(registration, describe_hides_the_secret) {
    EXPECT_EQ(registration::parse("shared-secret:s3cr3t").describe(), "shared-secret:<redacted>");
    EXPECT_EQ(registration::parse("open").describe(), "open");
    EXPECT_EQ(registration::parse("tokens:a.yaml").describe(), "tokens:a.yaml");
}

}  // namespace mxc::matrix
