#include "core/yaml_json.hpp"

#include <charconv>
#include <regex>

namespace mxc::core {

namespace {

nlohmann::json plain(const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    static const std::regex integer(R"([-+]?[0-9]+)");
    static const std::regex real(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (std::regex_match(s, integer)) {
        std::int64_t i = 0;
        const char* b = s.data() + (s[0] == '+' ? 1 : 0);
        if (auto r = std::from_chars(b, s.data() + s.size(), i); r.ec == std::errc{}) return i;
        std::uint64_t u = 0;
        if (auto r = std::from_chars(b, s.data() + s.size(), u); r.ec == std::errc{}) return u;
    }
    if (std::regex_match(s, real)) return std::stod(s);
    return s;
}

}  // namespace

nlohmann::json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return nullptr;
        case YAML::NodeType::Scalar:
            // A quoted or otherwise tagged scalar is a string; only plain ones are typed.
            return node.Tag() == "?" ? plain(node.Scalar()) : nlohmann::json(node.Scalar());
        case YAML::NodeType::Sequence: {
            auto out = nlohmann::json::array();
            for (const auto& child : node) out.push_back(yaml_to_json(child));
            return out;
        }
        case YAML::NodeType::Map: {
            auto out = nlohmann::json::object();
            for (const auto& kv : node) out[kv.first.as<std::string>()] = yaml_to_json(kv.second);
            return out;
        }
    }
    return nullptr;
}

}  // namespace mxc::core
