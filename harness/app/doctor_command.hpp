// `mxconform doctor`: is a server ready for a run? With the target options of `run`, it tries
// each thing a run needs (client API, accounts, a round trip, rate limits, no /sync cache, the
// federation listener, its keys, federation both ways) and prints one line per check with ok or
// problem, and for each problem the configuration lines to add for the detected implementation
// (fixtures/targets/*.yaml). Issue 10.
#pragma once

#include <iosfwd>

#include "app/config.hpp"

namespace mxc::app {

// 0 when every check passed, 1 when one found a problem, 2 for a usage or configuration error.
int doctor_command(const run_config& cfg, bool json, std::ostream& out, std::ostream& err);

}  // namespace mxc::app
