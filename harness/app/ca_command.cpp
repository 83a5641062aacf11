#include "app/ca_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <ostream>
#include <stdexcept>

#include "net/tls_certs.hpp"
#include "util/atomic_file.hpp"

namespace mxc::app {

namespace fs = std::filesystem;

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
        util::write_file_atomic(to / "key.pem", leaf.key_pem, 0600);
        util::write_file_atomic(to / "cert.pem", leaf.cert_pem, 0644);
        out << (to / "cert.pem").string() << '\n' << (to / "key.pem").string() << '\n';
        return 0;
    } catch (const std::exception& e) {
        err << "mxconform ca: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace mxc::app
