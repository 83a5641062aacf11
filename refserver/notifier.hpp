// Wakes the /sync long-polls waiting on a device when a message is stored for it.
// Single-threaded like the store: everything runs on the server's io_context.
#pragma once

#include <cstdint>
#include <map>

#include "net/beast.hpp"

namespace mxc::refserver {

class notifier {
  public:
    // While alive, a notify() for the device cancels the timer, which ends the wait early.
    class subscription {
      public:
        subscription(notifier& n, std::int64_t device_row, net::asio::steady_timer& timer);
        ~subscription();
        subscription(const subscription&) = delete;
        subscription& operator=(const subscription&) = delete;

      private:
        notifier& n_;
        std::multimap<std::int64_t, net::asio::steady_timer*>::iterator it_;
    };

    void notify(std::int64_t device_row);
    std::size_t waiting() const { return waiters_.size(); }

  private:
    std::multimap<std::int64_t, net::asio::steady_timer*> waiters_;
};

}  // namespace mxc::refserver
