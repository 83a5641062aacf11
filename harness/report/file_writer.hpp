// Writes a report file so that a reader (a CI step, a browser refreshing) never sees half of
// it: the bytes go to a temporary file beside the target, which is then renamed over it
// (rename is atomic within one file system on POSIX).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace mxc::report {

// A report file could not be written; what() names the file and the cause.
class write_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Creates the parent folders as needed. Throws write_error.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace mxc::report
