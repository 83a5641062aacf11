// `mxconform ca`: the certificate authority a target trusts for mxconform's federation mocks,
// and leaf certificates from it for the target's own federation listener.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mxc::app {

struct ca_options {
    std::string ca_dir;              // empty: net::certificate_authority::default_dir()
    std::vector<std::string> issue;  // names (IP literals or DNS names) of a leaf to write
    std::string out;                 // where the leaf's cert.pem and key.pem go
};

// Prints the CA certificate's path (creating the CA when missing), then with issue the leaf's
// cert.pem and key.pem paths, one a line. Returns 0, or 2 with one line on err naming the path.
int ca_command(const ca_options& opt, std::ostream& out, std::ostream& err);

}  // namespace mxc::app
