// RFC 6901 JSON pointer tokens, as the loader and the validator spell them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mxc::spec {

// "a/b~c" -> "a~1b~0c"
std::string escape_pointer_token(std::string_view token);

// "/a~1b/0" -> {"a/b", "0"}; "" -> {}. Throws spec_error when `pointer` does not start
// with '/' or has a bad '~' escape.
std::vector<std::string> split_pointer(std::string_view pointer);

}  // namespace mxc::spec
