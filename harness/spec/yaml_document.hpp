// One YAML file read into JSON, remembering where each $ref was written so that errors
// about references can point at the line.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace mxc::spec {

struct yaml_document {
    std::filesystem::path file;
    nlohmann::json root;
    // JSON pointer of every object holding a "$ref" -> "file:line:column".
    std::map<std::string, std::string> ref_places;

    // Where the node at `pointer` was written, or just the file when not recorded.
    std::string place(const std::string& pointer) const {
        auto it = ref_places.find(pointer);
        return it != ref_places.end() ? it->second : file.string();
    }

    // Parses with YAML 1.2 core-schema typing: plain 42 is an integer, true a boolean,
    // "42" a string. Throws spec_error "file:line:column: message".
    static yaml_document read(const std::filesystem::path& file);
};

}  // namespace mxc::spec
