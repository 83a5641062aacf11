// Every setting of `mxconform run`, declared once: the flag, the profile key, --print-config,
// the merge and the README's table all come from this table.
#pragma once

#include "app/config.hpp"
#include "app/settings.hpp"

namespace mxc::app {

const settings::table<run_config>& run_settings();

}  // namespace mxc::app
