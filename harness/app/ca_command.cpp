#include "app/ca_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <stdexcept>

#include "net/tls_certs.hpp"

namespace mxc::app {

namespace fs = std::filesystem;

namespace {

// Created 0600 before anything is written, so a key is never readable by others, then given
// its final mode. An old file is replaced, not rewritten, in case it had a wider mode.
void write_file(const fs::path& file, const std::string& text, mode_t mode) {
    ::unlink(file.c_str());
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int error = fd < 0 ? errno : 0;
    if (!error && ::fchmod(fd, mode) != 0) error = errno;
    for (std::size_t done = 0; !error && done < text.size();) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno != EINTR) error = errno;
        if (n > 0) done += static_cast<std::size_t>(n);
    }
    if (fd >= 0 && ::close(fd) != 0 && !error) error = errno;
    if (error)
        throw std::runtime_error(
            fmt::format("cannot write {}: {}", file.string(), std::strerror(error)));
}

}  // namespace

int ca_command(const ca_options& opt, std::ostream& out, std::ostream& err) {
    try {
        if (opt.issue.empty() != opt.out.empty())
            throw std::invalid_argument("--issue and --out go together");
        const fs::path dir =
            opt.ca_dir.empty() ? net::certificate_authority::default_dir() : fs::path(opt.ca_dir);
        const auto ca = net::certificate_authority::open_or_create(dir);
        out << ca.cert_file().string() << '\n';
        if (opt.issue.empty()) return 0;

        const auto leaf = ca.issue(opt.issue);
        const fs::path to(opt.out);
        std::error_code ec;
        fs::create_directories(to, ec);
        if (ec)
            throw std::runtime_error(
                fmt::format("cannot create directory {}: {}", to.string(), ec.message()));
        write_file(to / "key.pem", leaf.key_pem, 0600);
        write_file(to / "cert.pem", leaf.cert_pem, 0644);
        out << (to / "cert.pem").string() << '\n' << (to / "key.pem").string() << '\n';
        return 0;
    } catch (const std::exception& e) {
        err << "mxconform ca: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace mxc::app
