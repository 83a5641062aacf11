#include "badtarget/answers.hpp"

#include <string>

namespace mxc::badtarget {

namespace http = net::http;

namespace {
net::response make(http::status status, const char* type, std::string body) {
    net::response res{status, 11};
    res.set(http::field::content_type, type);
    res.body() = std::move(body);
    return res;
}
}  // namespace

net::response html_page() {
    return make(http::status::ok, "text/html",
                "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head>"
                "<body><h1>It works</h1></body></html>\n");
}

net::response versions_ok() {
    return make(http::status::ok, "application/json", R"({"versions":["r0.6.1","v1.1","v1.11"]})");
}

net::response registered() {
    return make(http::status::ok, "application/json",
                R"({"user_id":"@mxc:fake.test","device_id":"FAKEDEVICE","access_token":"t0k3n"})");
}

net::response not_json() {
    return make(http::status::ok, "application/json", std::string("\x00\xff<<garbage>>{{{", 16));
}

net::response huge_body(std::size_t bytes) {
    // Valid JSON, flat: size is the hostility here, not nesting.
    return make(http::status::ok, "application/json",
                "{\"pad\":\"" + std::string(bytes, 'x') + "\"}");
}

}  // namespace mxc::badtarget
