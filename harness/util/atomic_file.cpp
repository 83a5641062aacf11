#include "util/atomic_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace mxc::util {

void write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec)
        throw write_error(
            fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));

    // mkstemp makes a new name (never an old file another writer is filling) with mode 0600.
    std::string tmp =
        (path.parent_path() / fmt::format(".{}.XXXXXX", path.filename().string())).string();
    const int fd = ::mkstemp(tmp.data());
    int err = fd < 0 ? errno : 0;
    if (!err && ::fchmod(fd, mode) != 0) err = errno;
    for (std::size_t done = 0; !err && done < content.size();) {
        const auto n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno != EINTR) err = errno;
        if (n > 0) done += static_cast<std::size_t>(n);
    }
    if (!err && ::fsync(fd) != 0) err = errno;
    if (fd >= 0 && ::close(fd) != 0 && !err) err = errno;
    if (!err && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
    if (err) {
        if (fd >= 0) ::unlink(tmp.c_str());
        throw write_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
    }
}

}  // namespace mxc::util
