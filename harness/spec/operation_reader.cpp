#include "spec/operation_reader.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "spec/json_schema.hpp"
#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

constexpr std::array<std::string_view, 7> methods = {"get",   "put",  "post",   "delete",
                                                     "patch", "head", "options"};

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

// Operation-level parameters replace path-level ones with the same name and location.
nlohmann::json merged_parameters(const nlohmann::json& path_item, const nlohmann::json& op) {
    auto merged = path_item.value("parameters", nlohmann::json::array());
    for (const auto& p : op.value("parameters", nlohmann::json::array())) {
        auto same = std::find_if(merged.begin(), merged.end(), [&](const nlohmann::json& q) {
            return q.value("name", "") == p.value("name", "") &&
                   q.value("in", "") == p.value("in", "");
        });
        if (same != merged.end())
            *same = p;
        else
            merged.push_back(p);
    }
    return merged;
}

}  // namespace

void operation_reader::read(const api_document& doc, std::vector<operation>& out) {
    const auto base_path = doc.root.find("basePath");
    if (base_path != doc.root.end() && !base_path->is_string())
        throw spec_error(fmt::format("{}: `basePath` must be a string", doc.file.string()));
    const std::string base = base_path == doc.root.end() ? "" : base_path->get<std::string>();
    const auto paths = doc.root.value("paths", nlohmann::json::object());
    if (!paths.is_object())
        throw spec_error(fmt::format("{}: `paths` must be a mapping", doc.file.string()));
    for (const auto& [path, item] : paths.items()) {
        if (!item.is_object()) continue;
        for (auto method : methods) {
            auto found = item.find(std::string(method));
            if (found == item.end()) continue;
            const auto& op = *found;
            operation o{.id = upper(std::string(method)) + " " + base + path,
                        .method = upper(std::string(method)),
                        .path = path_template(base + path),
                        .source = doc.file};
            try {
                if (!op.is_object()) throw spec_error("must be a mapping");
                o.operation_id = op.value("operationId", "");
                for (const auto& p : merged_parameters(item, op))
                    o.parameters.push_back(read_parameter(p));
                const auto responses = op.value("responses", nlohmann::json::object());
                for (const auto& [status, r] : responses.items())
                    o.responses[status] = read_response(r);
            } catch (const spec_error& e) {
                throw spec_error(fmt::format("{}: {}: {}", doc.file.string(), o.id, e.what()));
            } catch (const nlohmann::json::exception& e) {
                throw spec_error(fmt::format("{}: {}: {}", doc.file.string(), o.id, e.what()));
            }
            out.push_back(std::move(o));
        }
    }
}

parameter operation_reader::read_parameter(const nlohmann::json& p) {
    if (!p.is_object() || !p.contains("name") || !p.contains("in"))
        throw spec_error(fmt::format("parameter {} lacks `name` or `in`", p.dump()));
    if (!p["name"].is_string() || !p["in"].is_string())
        throw spec_error(
            fmt::format("parameter {} has a `name` or `in` that is not a string", p.dump()));
    parameter out{.name = p["name"].get<std::string>(),
                  .in = p["in"].get<std::string>(),
                  .required = p.value("required", false)};
    if (out.in == "path") out.required = true;  // Swagger 2.0 demands it; a path always has one
    if (out.in == "body") {
        if (!p.contains("schema"))
            throw spec_error(fmt::format("body parameter '{}' has no schema", out.name));
        out.schema = to_json_schema(p["schema"]);
    } else {
        out.schema = parameter_schema(p);
    }
    out.compiled = compile(out.schema);
    return out;
}

response_spec operation_reader::read_response(const nlohmann::json& r) {
    response_spec out;
    if (r.is_object() && r.contains("schema")) {
        out.schema = to_json_schema(r["schema"]);
        out.compiled = compile(out.schema);
    }
    return out;
}

std::shared_ptr<const compiled_schema> operation_reader::compile(const nlohmann::json& draft4) {
    auto key = draft4.dump();
    auto& slot = compiled_[key];
    if (!slot) slot = std::make_shared<const compiled_schema>(draft4);
    return slot;
}

}  // namespace mxc::spec
