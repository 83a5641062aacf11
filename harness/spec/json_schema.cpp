#include "spec/json_schema.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

namespace mxc::spec {

namespace {

// The last four are JSON Schema 2020-12 (OpenAPI 3.1, the upstream spec from v1.8).
constexpr std::array<std::string_view, 12> documentation_keys = {
    "description", "title",  "example",  "discriminator", "readOnly",  "externalDocs",
    "xml",         "format", "examples", "deprecated",    "writeOnly", "$comment"};

// Draft 4 keywords whose value is a schema, an array of schemas or a map of them.
constexpr std::array<std::string_view, 4> schema_keys = {"items", "additionalProperties",
                                                         "additionalItems", "not"};
constexpr std::array<std::string_view, 3> schema_list_keys = {"allOf", "anyOf", "oneOf"};
constexpr std::array<std::string_view, 4> schema_map_keys = {"properties", "patternProperties",
                                                             "definitions", "$defs"};

template <std::size_t N>
bool one_of(const std::string& key, const std::array<std::string_view, N>& keys) {
    for (auto k : keys)
        if (key == k) return true;
    return false;
}

// Keywords that describe one parameter rather than its value.
constexpr std::array<std::string_view, 6> parameter_keys = {
    "name", "in", "required", "allowEmptyValue", "collectionFormat", "schema"};

}  // namespace

nlohmann::json to_json_schema(const nlohmann::json& schema) {
    if (!schema.is_object()) return schema;  // `true`/`false` for additionalProperties
    auto out = nlohmann::json::object();
    for (const auto& [key, value] : schema.items()) {
        if (key.starts_with("x-") || one_of(key, documentation_keys)) continue;
        if (one_of(key, schema_keys)) {
            out[key] = value.is_array() ? nlohmann::json::array() : to_json_schema(value);
            if (value.is_array())
                for (const auto& item : value) out[key].push_back(to_json_schema(item));
        } else if (one_of(key, schema_list_keys) && value.is_array()) {
            if (!out.contains(key)) out[key] = nlohmann::json::array();
            for (const auto& item : value) out[key].push_back(to_json_schema(item));
        } else if (one_of(key, schema_map_keys) && value.is_object()) {
            out[key] = nlohmann::json::object();
            for (const auto& [name, sub] : value.items()) out[key][name] = to_json_schema(sub);
        } else if (key == "type" && value.is_array() &&
                   std::any_of(value.begin(), value.end(), [](auto& t) { return t.is_object(); })) {
            // Draft 3's union type [string, {schema}], found in the upstream spec.
            auto alternatives = nlohmann::json::array();
            for (const auto& t : value)
                alternatives.push_back(t.is_object() ? to_json_schema(t)
                                                     : nlohmann::json{{"type", t}});
            out["allOf"].push_back({{"anyOf", std::move(alternatives)}});
        } else if (key == "const") {
            out["enum"] = nlohmann::json::array({value});  // 2020-12; draft 4 says it this way
        } else if ((key == "exclusiveMinimum" || key == "exclusiveMaximum") && value.is_number()) {
            // 2020-12's bound is the number; draft 4's is a flag on minimum/maximum.
            out[key == "exclusiveMinimum" ? "minimum" : "maximum"] = value;
            out[key] = true;
        } else if (key == "type" && value == "enum" && schema.contains("enum")) {
            continue;  // the r0-era upstream EDU schemas say `type: enum` beside their `enum`
        } else if (key == "type" && value == "file") {
            continue;  // multipart uploads; nothing in this module sends one
        } else if ((key == "required" || one_of(key, schema_map_keys)) && value.is_array() &&
                   value.empty()) {
            continue;  // draft 4 wants a name in `required` and a map in `properties`; the
                       // upstream spec writes both as [] to mean "none"
        } else {
            out[key] = value;
        }
    }
    return out;
}

nlohmann::json parameter_schema(const nlohmann::json& parameter) {
    auto schema = nlohmann::json::object();
    for (const auto& [key, value] : parameter.items())
        if (!one_of(key, parameter_keys)) schema[key] = value;
    return to_json_schema(schema);
}

std::optional<nlohmann::json> typed_parameter(const std::string& text,
                                              const nlohmann::json& schema) {
    const std::string type = schema.value("type", "string");
    const char* end = text.data() + text.size();
    if (type == "integer") {
        std::int64_t i = 0;
        auto r = std::from_chars(text.data(), end, i);
        if (text.empty() || r.ec != std::errc{} || r.ptr != end) return std::nullopt;
        return i;
    }
    if (type == "number") {
        double d = 0;
        auto r = std::from_chars(text.data(), end, d);
        if (text.empty() || r.ec != std::errc{} || r.ptr != end) return std::nullopt;
        return d;
    }
    if (type == "array") {
        // Swagger's default collectionFormat: comma-separated values.
        auto items = nlohmann::json::array();
        const auto item_schema = schema.value("items", nlohmann::json::object());
        for (std::size_t start = 0; start <= text.size();) {
            const auto comma = std::min(text.find(',', start), text.size());
            auto item = typed_parameter(text.substr(start, comma - start), item_schema);
            if (!item) return std::nullopt;
            items.push_back(std::move(*item));
            start = comma + 1;
        }
        return items;
    }
    if (type == "boolean") {
        if (text == "true") return true;
        if (text == "false") return false;
        return std::nullopt;
    }
    return text;
}

}  // namespace mxc::spec
