// One documented (method, path) of the catalogue, with its schemas compiled.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/compiled_schema.hpp"
#include "spec/path_template.hpp"

namespace mxc::spec {

struct parameter {
    std::string name;
    std::string in;  // path, query, header, body or formData
    bool required = false;
    nlohmann::json schema;  // draft 4: the body schema, or the type and limits of the value
    std::shared_ptr<const compiled_schema> compiled;
};

struct response_spec {
    nlohmann::json schema;  // draft 4; null when the status has no body schema
    std::shared_ptr<const compiled_schema> compiled;
};

struct operation {
    // "PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}": stable across files.
    std::string id;
    std::string operation_id;  // the spec's own name, when it gives one
    std::string method;        // upper case
    path_template path;
    std::filesystem::path source;
    std::vector<parameter> parameters;
    std::map<std::string, response_spec> responses;  // "200", "401", ..., "default"

    const parameter* body() const {
        for (const auto& p : parameters)
            if (p.in == "body") return &p;
        return nullptr;
    }
    parameter* body() {
        for (auto& p : parameters)
            if (p.in == "body") return &p;
        return nullptr;
    }
};

// What catalogue::find learnt from one request.
struct route {
    const operation* op = nullptr;
    std::map<std::string, std::string> path_params;          // decoded
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
};

}  // namespace mxc::spec
