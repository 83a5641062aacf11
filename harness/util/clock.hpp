// Wall-clock time as a count of milliseconds since the Unix epoch: the unit of the timestamps
// that peers exchange and that are stored (issue #8: written once, not in every file).
#pragma once

#include <chrono>
#include <cstdint>

namespace mxc::util {

inline std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace mxc::util
