#include "report/file_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace mxc::report {

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec)
        throw write_error(
            fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));

    fs::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (out) out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out) {
            int err = errno;
            fs::remove(tmp, ec);
            throw write_error(
                fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
        }
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw write_error(fmt::format("cannot write {}: {}", path.string(), ec.message()));
    }
}

}  // namespace mxc::report
