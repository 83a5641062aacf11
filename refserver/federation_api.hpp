// The federation listener's handler: server keys, version, /send, user devices and profile
// queries, with X-Matrix request authentication (server-server API). Runs on the server's
// io_context thread; key fetches run on the thread pool.
#pragma once

#include "matrix/key_fetcher.hpp"
#include "matrix/signing.hpp"
#include "refserver/api.hpp"

namespace mxc::refserver {

class federation_api {
  public:
    federation_api(server_state& s, const matrix::signing_key& key, matrix::key_fetcher& keys,
                   net::asio::thread_pool& pool)
        : s_(s), key_(key), keys_(keys), pool_(pool) {}

    net::asio::awaitable<net::response> handle(net::request& req, const net::connection_info& conn);

  private:
    net::asio::awaitable<json_reply> dispatch(const api_request& r);
    // The origin of a request signed by a key its server publishes; 401 M_UNAUTHORIZED otherwise.
    net::asio::awaitable<std::string> authenticate(const api_request& r, const json* content);
    json_reply user_devices(const std::string& user_id);
    json_reply profile(const api_request& r);
    bool is_local_user(const std::string& user_id);

    server_state& s_;
    const matrix::signing_key& key_;
    matrix::key_fetcher& keys_;
    net::asio::thread_pool& pool_;
};

}  // namespace mxc::refserver
