// A fresh directory of its own under the system temp dir (mkdtemp: unique across processes
// and threads, so tests may run in parallel), removed with everything in it.
#pragma once

#include <filesystem>
#include <string>

namespace mxc::test {

class temp_dir {
  public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Writes `text` to `name` (subfolders created) and returns the full path.
    std::filesystem::path write(const std::string& name, const std::string& text) const;

  private:
    std::filesystem::path path_;
};

}  // namespace mxc::test
