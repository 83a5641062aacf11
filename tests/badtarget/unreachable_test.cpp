// Issue 3, "Bad input": an unreachable target is one clear error within the connect timeout,
// exit 2, and the reports are still written.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::badtarget {
namespace {

using test::lines_of;
using test::read_json;
using test::run_cli;
using test::temp_dir;

using namespace std::chrono_literals;

// A loopback port that is bound but not listening: a connect to it is refused at once, and
// nobody else can take the port while the object lives.
class dead_port {
  public:
    dead_port() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return;
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
    }
    ~dead_port() { ::close(fd_); }
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

TEST(Unreachable, ExitsTwoWithOneLineAndWritesReports) {
    dead_port port;
    ASSERT_NE(port.port(), 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(port.port());
    temp_dir dir;
    const auto reports = dir.path() / "report";
    const auto r = run_cli({"run", "--no-color", "--target", url, "--register", "open",
                            "--connect-timeout-ms", "2000", "--report-dir", reports.string()},
                           60s);
    ASSERT_FALSE(r.timed_out) << r.output;
    EXPECT_EQ(r.exit_code, 2) << r.output;
    // Refused at once: well within the connect timeout plus start-up.
    EXPECT_LT(r.elapsed, 15s);

    std::vector<std::string> errors;
    for (const auto& line : lines_of(r.output))
        if (line.starts_with("mxconform: ")) errors.push_back(line);
    ASSERT_EQ(errors.size(), 1u) << r.output;
    EXPECT_NE(errors[0].find("cannot reach the target " + url), std::string::npos) << errors[0];

    const auto index = read_json(reports / "index.json");
    ASSERT_TRUE(index.is_object()) << "index.json missing or broken\n" << r.output;
    EXPECT_NE(index.at("run").at("setup_error").get<std::string>().find(url), std::string::npos)
        << index.at("run").dump();
    EXPECT_TRUE(index.at("run").at("partial").get<bool>());
    EXPECT_EQ(index.at("run").at("exit_code"), 2);
    EXPECT_EQ(index.at("cases"), nlohmann::json::array());
    for (const char* f : {"junit.xml", "index.html", "summary.md"})
        EXPECT_TRUE(std::filesystem::is_regular_file(reports / f)) << f << "\n" << r.output;
}

}  // namespace
}  // namespace mxc::badtarget
