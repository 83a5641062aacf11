#include "app/setting_types.hpp"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace mxc::app::settings {

refserver::fault scalar<refserver::fault>::parse(std::string_view t) {
    if (auto f = refserver::parse_fault(t)) return *f;
    throw std::invalid_argument(fmt::format("unknown fault '{}' (see mxconform serve --help)", t));
}

host_port scalar<host_port>::parse(std::string_view t) {
    const auto colon = t.rfind(':');
    if (colon == std::string_view::npos)
        throw std::invalid_argument(fmt::format("expected HOST:PORT, got '{}'", t));
    host_port out;
    auto host = t.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    out.host = std::string(host);
    const auto port = t.substr(colon + 1);
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size())
        throw std::invalid_argument(fmt::format("'{}' is not a port number", port));
    return out;
}

std::string scalar<host_port>::text(const host_port& h) {
    if (h.host.find(':') != std::string::npos) return fmt::format("[{}]:{}", h.host, h.port);
    return fmt::format("{}:{}", h.host, h.port);
}

}  // namespace mxc::app::settings
