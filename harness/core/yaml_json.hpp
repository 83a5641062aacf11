// YAML to JSON with YAML 1.2 core-schema typing (plain 42 is an integer, true a boolean,
// "42" a string), which is how suites, fixtures and profiles mean their scalars.
#pragma once

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

namespace mxc::core {

// Throws YAML::Exception, with the node's place, for text that is not UTF-8 and for a key that is
// no scalar.
nlohmann::json yaml_to_json(const YAML::Node& node);

}  // namespace mxc::core
