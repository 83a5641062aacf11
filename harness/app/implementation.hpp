// The name and version a target gives itself on its federation API, to name it in reports and
// in `compare` columns ("Synapse 1.67.0").
#pragma once

#include <string>

#include "steps/environment.hpp"

namespace mxc::app {

// GET /_matrix/federation/v1/version over the run's TLS trust: "<name> <version>". Throws
// std::runtime_error with one line when the target does not answer that way.
std::string federation_implementation(steps::environment& env);

}  // namespace mxc::app
