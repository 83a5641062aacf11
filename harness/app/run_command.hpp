// `mxconform run` and `mxconform list`: everything between the parsed command line and the
// runner (cases, target, reporters), so that main.cpp stays short.
#pragma once

#include <iosfwd>

#include "app/config.hpp"
#include "app/data_dir.hpp"  // the default suites/ and specs/, unless the config names others

namespace mxc::app {

// Returns the process exit code: 0 all judged ok, 1 a failing verdict, 2 usage/configuration.
int run_command(const run_config& cfg, std::ostream& out, std::ostream& err);

struct list_options {
    std::vector<std::string> cases;
    bool json = false;
    bool steps = false;  // the step vocabulary instead of the cases
    std::string suites_dir;
};
int list_command(const list_options& opt, std::ostream& out, std::ostream& err);

}  // namespace mxc::app
