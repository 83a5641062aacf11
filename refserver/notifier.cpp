#include "refserver/notifier.hpp"

namespace mxc::refserver {

notifier::subscription::subscription(notifier& n, std::int64_t device_row,
                                     net::asio::steady_timer& timer)
    : n_(n), it_(n.waiters_.emplace(device_row, &timer)) {}

notifier::subscription::~subscription() {
    n_.waiters_.erase(it_);
}

void notifier::notify(std::int64_t device_row) {
    auto [first, last] = waiters_.equal_range(device_row);
    for (auto it = first; it != last; ++it) it->second->cancel();
}

}  // namespace mxc::refserver
