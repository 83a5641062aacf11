// Reads the API documents of a spec directory (spec_tree), with references inlined and the
// client API version chosen.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "spec/layout.hpp"

namespace mxc::spec {

struct api_document {
    std::filesystem::path file;
    nlohmann::json root;  // in the Swagger 2.0 shape (OpenAPI 3 is converted), self-contained
};

// The API documents (swagger: "2.0" or openapi: 3.x) of `tree`, sorted by path, with
// `%CLIENT_MAJOR_VERSION%` in basePath and paths replaced by `client_major_version`
// ("r0" or "v3"). For mxconform's own layout every YAML file is parsed (so a syntax error
// anywhere is reported, even in a definition nothing uses yet). Throws spec_error.
std::vector<api_document> load_api_documents(const spec_tree& tree,
                                             std::string_view client_major_version);

// The same for a directory of mxconform's own layout.
std::vector<api_document> load_api_documents(const std::filesystem::path& dir,
                                             std::string_view client_major_version);

// One schema file (an EDU's, say) with its references inlined. Throws spec_error.
nlohmann::json load_schema(const std::filesystem::path& file);

}  // namespace mxc::spec
