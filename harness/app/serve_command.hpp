// `mxconform serve`: the reference homeserver in the foreground, for other tools. Its options
// are one settings table, like run's; it has no profile.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app/setting_types.hpp"
#include "app/settings.hpp"
#include "refserver/config.hpp"

namespace mxc::app {

struct serve_options {
    host_port listen{"127.0.0.1", 8008};
    std::string server_name;  // default: the listen (or federation listen) address
    std::string db;           // SQLite file; default: a temporary one
    std::string registration_shared_secret;
    std::size_t max_body_bytes = refserver::config{}.max_body_bytes;
    std::vector<refserver::fault> faults;
    std::optional<host_port> federation_listen;  // empty: federation off
    std::string tls_cert, tls_key;               // default: issued by the CA in ca_dir
    std::string ca_dir;                          // default: certificate_authority::default_dir()
    std::string federation_ca;                   // outbound trust; default: ca.pem in ca_dir
    bool insecure_federation = false;
};

const settings::table<serve_options>& serve_settings();

// Runs until SIGINT or SIGTERM; returns the exit code. Throws std::runtime_error naming the
// flag for options that do not go together or files that cannot be read.
int serve_command(const serve_options& o, std::ostream& out, std::ostream& err);

}  // namespace mxc::app
