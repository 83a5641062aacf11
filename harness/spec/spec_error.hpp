// The one exception the spec catalogue throws: a spec directory that cannot be loaded.
// Its message is a single line that starts with the place at fault (file:line:column).
#pragma once

#include <stdexcept>

namespace mxc::spec {

class spec_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace mxc::spec
