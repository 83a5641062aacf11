// A pause between polls of a server that has nothing new yet: it doubles from `first` up to `max`
// and never runs past the poller's deadline, so a server that always answers at once sees a few
// requests, not a flood (issue 9, "paced polling"). It is the point of the pause to let time
// pass, so it sleeps; every caller has a deadline and checks its own interrupt after it.
#pragma once

#include <algorithm>
#include <chrono>
#include <thread>

namespace mxc::util {

class growing_pause {
  public:
    using clock = std::chrono::steady_clock;

    growing_pause(std::chrono::milliseconds first, std::chrono::milliseconds max)
        : first_(first), max_(max), next_(first) {}

    // How long the next pause lasts, cut at the deadline.
    std::chrono::milliseconds next(clock::time_point deadline) const {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
        return std::clamp(left, std::chrono::milliseconds(0), next_);
    }
    // Pauses for next(deadline), then doubles the pause after this one.
    void pause(clock::time_point deadline) {
        std::this_thread::sleep_for(next(deadline));
        next_ = std::min(next_ * 2, max_);
    }
    // Something new came: the next pause is short again.
    void reset() { next_ = first_; }

  private:
    std::chrono::milliseconds first_, max_, next_;
};

}  // namespace mxc::util
