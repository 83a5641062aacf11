// Namespace aliases for Boost.Beast and Asio, in one place (STYLE.md: nothing else global).
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace mxc::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;
}  // namespace mxc::net
