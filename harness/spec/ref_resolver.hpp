// Inlines JSON references ($ref) across the YAML files of a spec directory.
//
// A reference is a path relative to the file it is written in, with an optional
// fragment that is a JSON pointer ("definitions/edu.yaml#/definitions/Edu"). Files that
// are referenced but were not added are read on first use, so an upstream checkout that
// points outside the loaded directory still resolves. References are expanded in full
// (no recursion is left), so a cycle is an error. Examples (`example`, `examples`,
// `x-example`) are data and copied as written: the upstream spec's example $refs are relative
// to an examples folder, not to their file.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/yaml_document.hpp"

namespace mxc::spec {

class ref_resolver {
  public:
    // Takes a document read elsewhere (to report all syntax errors up front).
    void add(yaml_document doc);

    // The document at `file` with every $ref replaced by what it points to.
    // Throws spec_error naming the file, line and reference at fault.
    nlohmann::json resolve(const std::filesystem::path& file);

  private:
    struct target {
        const yaml_document* doc;
        const nlohmann::json* node;
        std::string pointer;  // of `node` within `doc`
    };

    const yaml_document& document(const std::filesystem::path& file, const std::string& referrer);
    target follow(const yaml_document& doc, const std::string& pointer, const std::string& ref,
                  int hops);
    nlohmann::json expand(const yaml_document& doc, const nlohmann::json& node,
                          const std::string& pointer,
                          std::vector<std::string>& stack);  // "file#pointer" being expanded

    std::map<std::filesystem::path, yaml_document> docs_;
    std::map<std::string, nlohmann::json> expanded_;  // by "file#pointer"
};

}  // namespace mxc::spec
