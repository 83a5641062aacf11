// Answers a sendToDevice only once it is durable, and commits concurrent sends together (issue
// 12, "Under load"). A commit costs about the same for one send as for ten (mostly the WAL pages
// it writes: the inbox, its index and the txnId pages), so the sends that are ready at the same
// time share one (bench/README.md has the figures).
#pragma once

#include <exception>
#include <list>

#include "net/beast.hpp"
#include "refserver/store.hpp"

namespace mxc::refserver {

class group_commit {
  public:
    // Hooks into db's batch_ended; both must outlive the executor's pending work (server.cpp
    // destroys the io_context first).
    group_commit(store& db, net::asio::any_io_executor executor);
    ~group_commit();
    group_commit(const group_commit&) = delete;
    group_commit& operator=(const group_commit&) = delete;

    // Returns once everything staged before the call is committed: at once when no batch is
    // open, else when the open batch commits; throws when that commit fails. The commit runs
    // after the reactor has been polled once more, so that requests already waiting in their
    // sockets are read and join the batch; an earlier commit (any other store write) also ends
    // the wait.
    net::asio::awaitable<void> durable();

  private:
    struct waiter {
        net::asio::steady_timer& timer;
        bool done = false;
        std::exception_ptr failure;
    };
    void ended(std::exception_ptr failure);

    store& db_;
    net::asio::any_io_executor executor_;
    std::list<waiter*> waiting_;  // of the open batch
    bool scheduled_ = false;      // a commit is posted
};

}  // namespace mxc::refserver
