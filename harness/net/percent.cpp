#include "net/percent.hpp"

#include <boost/url/pct_string_view.hpp>

namespace mxc::net {

std::string percent_decode(std::string_view s) {
    auto pct = boost::urls::make_pct_string_view(s);
    return pct ? pct->decode() : std::string(s);
}

}  // namespace mxc::net
