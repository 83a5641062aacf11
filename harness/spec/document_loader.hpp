// Reads a spec directory: every *.yaml under it, with references inlined and the client
// API version chosen.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace mxc::spec {

struct api_document {
    std::filesystem::path file;
    nlohmann::json root;  // a Swagger 2.0 document, self-contained
};

// Parses every YAML file under `dir` (so a syntax error anywhere is reported, even in a
// definition nothing uses yet) and returns the Swagger documents among them, sorted by
// path, with `%CLIENT_MAJOR_VERSION%` in basePath replaced by `client_major_version`
// ("r0" or "v3"). Throws spec_error.
std::vector<api_document> load_api_documents(const std::filesystem::path& dir,
                                             std::string_view client_major_version);

}  // namespace mxc::spec
