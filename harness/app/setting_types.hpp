// The setting types that come from the protocol layers, each parsed once where it is read
// (issue 8): --register as a matrix::registration, faults as refserver::fault, and HOST:PORT.
#pragma once

#include <string>
#include <string_view>

#include "app/setting_codec.hpp"
#include "matrix/registration.hpp"
#include "refserver/faults.hpp"

namespace mxc::app {

// HOST:PORT, with [v6]:PORT allowed.
struct host_port {
    std::string host;
    unsigned short port = 0;
};

}  // namespace mxc::app

namespace mxc::app::settings {

template <>
struct scalar<matrix::registration> {
    static matrix::registration parse(std::string_view t) { return matrix::registration::parse(t); }
    // The secret is never shown (--print-config).
    static std::string text(const matrix::registration& r) { return r.describe(); }
};

template <>
struct scalar<refserver::fault> {
    static refserver::fault parse(std::string_view t);
    static std::string text(refserver::fault f) { return std::string(refserver::fault_name(f)); }
};

template <>
struct scalar<host_port> {
    static host_port parse(std::string_view t);
    static std::string text(const host_port& h);
};

}  // namespace mxc::app::settings
