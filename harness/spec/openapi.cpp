#include "spec/openapi.hpp"

#include <fmt/core.h>
#include <boost/url/parse.hpp>

#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

constexpr const char* json_media = "application/json";

// The application/json schema of a request body or response, or null.
nlohmann::json json_schema_of(const nlohmann::json& with_content) {
    if (!with_content.is_object()) return nullptr;
    auto content = with_content.find("content");
    if (content == with_content.end() || !content->is_object()) return nullptr;
    auto media = content->find(json_media);
    if (media == content->end() || !media->is_object()) return nullptr;
    return media->value("schema", nlohmann::json());
}

nlohmann::json swagger_parameter(const nlohmann::json& p) {
    if (!p.is_object()) return p;  // the operation reader names what is wrong
    auto out = nlohmann::json::object();
    for (const char* key : {"name", "in", "required", "description"})
        if (p.contains(key)) out[key] = p[key];
    if (auto schema = p.find("schema"); schema != p.end() && schema->is_object())
        for (const auto& [key, value] : schema->items()) out.emplace(key, value);
    return out;
}

nlohmann::json swagger_parameters(const nlohmann::json& list) {
    auto out = nlohmann::json::array();
    if (list.is_array())
        for (const auto& p : list) out.push_back(swagger_parameter(p));
    return out;
}

nlohmann::json swagger_operation(const nlohmann::json& op) {
    if (!op.is_object()) return op;
    auto out = op;
    out.erase("requestBody");
    if (op.contains("parameters")) out["parameters"] = swagger_parameters(op["parameters"]);
    if (auto body = op.find("requestBody"); body != op.end()) {
        if (auto schema = json_schema_of(*body); !schema.is_null())
            out["parameters"].push_back({{"name", "body"},
                                         {"in", "body"},
                                         {"required", body->value("required", false)},
                                         {"schema", std::move(schema)}});
    }
    if (auto responses = op.find("responses"); responses != op.end() && responses->is_object()) {
        out["responses"] = nlohmann::json::object();
        for (const auto& [status, r] : responses->items()) {
            nlohmann::json response = {{"description", r.value("description", "")}};
            if (auto schema = json_schema_of(r); !schema.is_null())
                response["schema"] = std::move(schema);
            out["responses"][status] = std::move(response);
        }
    }
    return out;
}

std::string base_path(const nlohmann::json& doc, const std::string& file) {
    auto servers = doc.find("servers");
    if (servers == doc.end()) return "";
    if (!servers->is_array() || servers->empty() || !(*servers)[0].is_object() ||
        !(*servers)[0].contains("url") || !(*servers)[0]["url"].is_string())
        throw spec_error(fmt::format("{}: `servers` must be a list of {{url: ...}}", file));
    const auto& server = (*servers)[0];
    std::string url = server["url"];
    const auto variables = server.value("variables", nlohmann::json::object());
    for (const auto& [name, variable] : variables.items()) {
        if (!variable.is_object() || !variable.contains("default") ||
            !variable["default"].is_string())
            throw spec_error(
                fmt::format("{}: server variable '{}' has no default string", file, name));
        const std::string placeholder = "{" + name + "}";
        const std::string value = variable["default"];
        for (auto at = url.find(placeholder); at != std::string::npos;
             at = url.find(placeholder, at + value.size()))
            url.replace(at, placeholder.size(), value);
    }
    auto parsed = boost::urls::parse_uri_reference(url);
    if (!parsed) throw spec_error(fmt::format("{}: server URL '{}' is not a URL", file, url));
    std::string path = parsed->path();
    while (path.ends_with('/')) path.pop_back();
    return path;
}

}  // namespace

nlohmann::json swagger_shape(const nlohmann::json& doc, const std::string& file) {
    nlohmann::json out = {{"basePath", base_path(doc, file)}, {"paths", nlohmann::json::object()}};
    auto paths = doc.find("paths");
    if (paths == doc.end()) return out;
    if (!paths->is_object()) throw spec_error(fmt::format("{}: `paths` must be a mapping", file));
    for (const auto& [path, item] : paths->items()) {
        if (!item.is_object()) continue;
        auto converted = nlohmann::json::object();
        for (const auto& [key, value] : item.items())
            converted[key] =
                key == "parameters" ? swagger_parameters(value) : swagger_operation(value);
        out["paths"][path] = std::move(converted);
    }
    return out;
}

}  // namespace mxc::spec
