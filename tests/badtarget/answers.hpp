// What the hostile targets answer (test::scripted_server does the serving).
#pragma once

#include <cstddef>

#include "net/beast.hpp"

namespace mxc::badtarget {

net::response html_page();
net::response versions_ok();
net::response registered();  // a plausible /register answer
net::response not_json();
net::response huge_body(std::size_t bytes);  // flat JSON of about that size

}  // namespace mxc::badtarget
