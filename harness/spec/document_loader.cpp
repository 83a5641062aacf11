#include "spec/document_loader.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cctype>
#include <string>

#include "spec/ref_resolver.hpp"
#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

constexpr std::string_view version_placeholder = "%CLIENT_MAJOR_VERSION%";

bool is_path_segment(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '_' || c == '-';
    });
}

std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw spec_error(fmt::format("{}: not a directory", dir.string()));
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
            files.push_back(entry.path().lexically_normal());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool is_api_document(const yaml_document& doc) {
    if (!doc.root.is_object()) return false;
    if (doc.root.contains("openapi"))
        throw spec_error(fmt::format("{}: OpenAPI 3 documents are not supported, only Swagger 2.0",
                                     doc.file.string()));
    if (!doc.root.contains("swagger")) return false;
    if (doc.root["swagger"] != "2.0")
        throw spec_error(fmt::format("{}: swagger must be \"2.0\", not {}", doc.file.string(),
                                     doc.root["swagger"].dump()));
    return true;
}

}  // namespace

std::vector<api_document> load_api_documents(const std::filesystem::path& dir,
                                             std::string_view client_major_version) {
    if (!is_path_segment(client_major_version))
        throw spec_error(fmt::format("'{}' cannot be a client API version (expected e.g. r0 or v3)",
                                     client_major_version));
    const auto root = std::filesystem::absolute(dir).lexically_normal();
    ref_resolver resolver;
    std::vector<std::filesystem::path> api_files;
    for (const auto& file : yaml_files(root)) {
        auto doc = yaml_document::read(file);
        if (is_api_document(doc)) api_files.push_back(file);
        resolver.add(std::move(doc));
    }
    if (api_files.empty())
        throw spec_error(fmt::format(
            "{}: no Swagger 2.0 document (a YAML file with swagger: \"2.0\")", root.string()));

    std::vector<api_document> documents;
    for (const auto& file : api_files) {
        auto resolved = resolver.resolve(file);
        if (auto base = resolved.find("basePath"); base != resolved.end() && base->is_string()) {
            auto text = base->get<std::string>();
            for (auto at = text.find(version_placeholder); at != std::string::npos;
                 at = text.find(version_placeholder, at + client_major_version.size()))
                text.replace(at, version_placeholder.size(), client_major_version);
            *base = text;
        }
        documents.push_back({file, std::move(resolved)});
    }
    return documents;
}

}  // namespace mxc::spec
