// `mxconform ca`: one line with the CA certificate's path, or exit 2 with one line naming the
// path it could not use.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::badtarget {
namespace {

using test::lines_of;
using test::run_cli;
using test::temp_dir;

using namespace std::chrono_literals;

TEST(CaCommand, PrintsTheCaCertificatePathAndKeepsTheCa) {
    temp_dir tmp;
    const auto dir = tmp.path() / "ca";
    const auto first = run_cli({"ca", "--ca-dir", dir.string()}, 60s);
    ASSERT_FALSE(first.timed_out);
    EXPECT_EQ(first.exit_code, 0) << first.output;
    EXPECT_EQ(lines_of(first.output), std::vector<std::string>{(dir / "ca.pem").string()});
    const auto second = run_cli({"ca", "--ca-dir", dir.string()}, 60s);
    EXPECT_EQ(second.exit_code, 0) << second.output;
    EXPECT_EQ(second.output, first.output);
}

TEST(CaCommand, IssuesACertificateAndAPrivateKey) {
    temp_dir tmp;
    const auto out = tmp.path() / "leaf";
    const auto r = run_cli({"ca", "--ca-dir", (tmp.path() / "ca").string(), "--issue", "127.0.0.1",
                            "--issue", "localhost", "--out", out.string()},
                           60s);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(lines_of(r.output),
              (std::vector<std::string>{(tmp.path() / "ca" / "ca.pem").string(),
                                        (out / "cert.pem").string(), (out / "key.pem").string()}));
    struct stat st {};
    ASSERT_EQ(::stat((out / "key.pem").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(CaCommand, AnUnusableDirectoryIsExitTwoWithOneLineNamingIt) {
    const auto r = run_cli({"ca", "--ca-dir", "/proc/forbidden"}, 60s);
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    const auto lines = lines_of(r.output);
    ASSERT_EQ(lines.size(), 1u) << r.output;
    EXPECT_NE(lines[0].find("/proc/forbidden"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace mxc::badtarget
