#include "refserver/group_commit.hpp"

#include <chrono>
#include <stdexcept>

namespace mxc::refserver {

namespace asio = net::asio;

namespace {
// The commit is two posts away; this bounds the wait should the io_context stop meanwhile.
constexpr std::chrono::seconds max_wait{30};
}  // namespace

group_commit::group_commit(store& db, asio::any_io_executor executor)
    : db_(db), executor_(std::move(executor)) {
    db_.batch_ended = [this](std::exception_ptr failure) { ended(failure); };
}

group_commit::~group_commit() {
    db_.batch_ended = nullptr;
}

void group_commit::ended(std::exception_ptr failure) {
    for (waiter* w : waiting_) {
        w->done = true;
        w->failure = failure;
        w->timer.cancel();
    }
    waiting_.clear();
}

asio::awaitable<void> group_commit::durable() {
    if (!db_.batch_open()) co_return;
    if (!scheduled_) {
        scheduled_ = true;
        // The first post runs after the handlers ready now; the second after the reactor's next
        // poll has queued the requests that arrived meanwhile, and their handlers.
        asio::post(executor_, [this] {
            asio::post(executor_, [this] {
                scheduled_ = false;
                try {
                    db_.commit_batch();
                } catch (const std::exception&) {  // the waiters have it (ended)
                }
            });
        });
    }
    asio::steady_timer timer(executor_, max_wait);
    waiter w{timer};
    const auto it = waiting_.insert(waiting_.end(), &w);
    // Destroyed with the coroutine (also when it is cancelled): no dangling waiter stays listed.
    struct unlist {
        std::list<waiter*>& list;
        std::list<waiter*>::iterator it;
        const waiter& w;
        ~unlist() {
            if (!w.done) list.erase(it);
        }
    } guard{waiting_, it, w};
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!w.done) throw std::runtime_error("the send's batch was not committed in time");
    if (w.failure) std::rethrow_exception(w.failure);
}

}  // namespace mxc::refserver
