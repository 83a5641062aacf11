// A broken suite, fixture or profile: one line naming file:line:column and what is wrong.
#pragma once

#include <stdexcept>
#include <string>

#include "core/case_def.hpp"

namespace mxc::steps {

struct load_error : std::runtime_error {
    load_error(const core::source_mark& where, const std::string& message)
        : std::runtime_error(where.str() + ": " + message) {}
};

}  // namespace mxc::steps
