// Runs blocking work (an outbound HTTP request, a key fetch) on a thread pool, so that a slow or
// hostile peer never stalls the server's io_context thread.
#pragma once

#include <type_traits>

#include "net/beast.hpp"

namespace mxc::refserver {

namespace detail {
// A named coroutine rather than a coroutine lambda, to keep the closure's lifetime plain.
template <class F>
net::asio::awaitable<std::invoke_result_t<F&>> call(F f) {
    co_return f();
}
}  // namespace detail

// Calls f() on a thread of pool and resumes the awaiting coroutine on its own executor with the
// result, or f's exception. The result type must be default-constructible (Asio's co_spawn
// hands one over beside an exception). Whatever f refers to must outlive the pool's work: the
// server joins the pool before it destroys the io_context that holds the awaiting coroutine.
// Pass f as a named variable (std::move(job)), never as a temporary written inside the co_await
// expression: g++ 12 destroys such a temporary twice (a double free with captured strings).
template <class F>
net::asio::awaitable<std::invoke_result_t<F&>> run_blocking(net::asio::thread_pool& pool, F f) {
    co_return co_await net::asio::co_spawn(pool.get_executor(), detail::call(std::move(f)),
                                           net::asio::use_awaitable);
}

}  // namespace mxc::refserver
