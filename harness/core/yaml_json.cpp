#include "core/yaml_json.hpp"

#include <charconv>
#include <cstdlib>
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
    // strtod, not stod: 1e999 is infinity, where stod threw std::out_of_range (found by fuzzing).
    if (std::regex_match(s, real)) return std::strtod(s.c_str(), nullptr);
    return s;
}

// JSON text is UTF-8 and nlohmann's dump() throws on anything else, but yaml-cpp passes any bytes
// through: refused here with the place, as yaml-cpp refuses what it cannot read (found by
// fuzz/suite_loader.cpp).
const std::string& utf8(const YAML::Node& node) {
    try {
        (void)nlohmann::json(node.Scalar()).dump();
    } catch (const nlohmann::json::type_error&) {
        throw YAML::ParserException(node.Mark(), "not UTF-8 text");
    }
    return node.Scalar();
}

}  // namespace

nlohmann::json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return nullptr;
        case YAML::NodeType::Scalar:
            // A quoted or otherwise tagged scalar is a string; only plain ones are typed.
            return node.Tag() == "?" ? plain(utf8(node)) : nlohmann::json(utf8(node));
        case YAML::NodeType::Sequence: {
            auto out = nlohmann::json::array();
            for (const auto& child : node) out.push_back(yaml_to_json(child));
            return out;
        }
        case YAML::NodeType::Map: {
            auto out = nlohmann::json::object();
            for (const auto& kv : node)
                out[kv.first.IsScalar() ? utf8(kv.first) : kv.first.as<std::string>()] =
                    yaml_to_json(kv.second);
            return out;
        }
    }
    return nullptr;
}

}  // namespace mxc::core
