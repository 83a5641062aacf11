// Writes a file so that a reader (a CI step, a browser refreshing, a server loading a key) never
// sees half of it: the bytes go to a fresh temporary file beside the target, are flushed to
// disk, and the temporary is renamed over the target (atomic within one file system on POSIX).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace mxc::util {

// A file could not be written; what() names the file and the cause.
class write_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Creates the parent folders as needed. The file gets `mode` (0600 for a private key) from the
// moment it exists, so a secret is never readable by others, not even for an instant.
// Throws write_error.
void write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       mode_t mode = 0644);

}  // namespace mxc::util
