// Maps a request to its handler, turns every failure into a Matrix error body, and logs one
// line per request. Runs on the server's io_context thread.
#pragma once

#include "net/http_server.hpp"
#include "refserver/accounts.hpp"
#include "refserver/filters.hpp"
#include "refserver/to_device.hpp"

namespace mxc::refserver {

class router {
  public:
    explicit router(server_state& s) : s_(s), accounts_(s), filters_(s), to_device_(s) {}

    net::asio::awaitable<net::response> handle(net::request& req, const net::connection_info& conn);

    // Whether req may wait for long (a GET /sync, whatever its prefix and query): the requests
    // whose client is watched for leaving (net::server_options::release_on_disconnect).
    static bool may_long_poll(const net::request& req);

  private:
    net::asio::awaitable<json_reply> dispatch(const api_request& r);

    server_state& s_;
    accounts accounts_;
    filters filters_;
    to_device to_device_;
};

}  // namespace mxc::refserver
