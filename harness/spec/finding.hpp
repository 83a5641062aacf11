// A place where a request or response departs from the spec catalogue.
#pragma once

#include <ostream>
#include <string>

namespace mxc::spec {

struct finding {
    std::string where;         // "request" or "response"
    std::string json_pointer;  // into the body; "" for the whole body, the status or a parameter
    std::string message;       // one line

    bool operator==(const finding&) const = default;
};

// GoogleTest and the reporters print findings this way.
inline std::ostream& operator<<(std::ostream& os, const finding& f) {
    return os << f.where << " " << (f.json_pointer.empty() ? "(root)" : f.json_pointer) << ": "
              << f.message;
}

}  // namespace mxc::spec
