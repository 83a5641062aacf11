#include "spec/document_loader.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <cctype>
#include <string>

#include "spec/openapi.hpp"
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

std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir, bool recursive) {
    std::vector<std::filesystem::path> files;
    auto consider = [&](const std::filesystem::directory_entry& entry) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
            files.push_back(entry.path().lexically_normal());
    };
    if (recursive)
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
            consider(entry);
    else
        for (const auto& entry : std::filesystem::directory_iterator(dir)) consider(entry);
    std::sort(files.begin(), files.end());
    return files;
}

enum class dialect { none, swagger2, openapi3 };

dialect dialect_of(const yaml_document& doc) {
    if (!doc.root.is_object()) return dialect::none;
    if (auto v = doc.root.find("openapi"); v != doc.root.end()) {
        if (!v->is_string() || !v->get<std::string>().starts_with("3."))
            throw spec_error(
                fmt::format("{}: openapi must be \"3.x\", not {}", doc.file.string(), v->dump()));
        return dialect::openapi3;
    }
    if (!doc.root.contains("swagger")) return dialect::none;
    if (doc.root["swagger"] != "2.0")
        throw spec_error(fmt::format("{}: swagger must be \"2.0\", not {}", doc.file.string(),
                                     doc.root["swagger"].dump()));
    return dialect::swagger2;
}

std::string with_version(std::string text, std::string_view version) {
    for (auto at = text.find(version_placeholder); at != std::string::npos;
         at = text.find(version_placeholder, at + version.size()))
        text.replace(at, version_placeholder.size(), version);
    return text;
}

// The r0-era upstream spec writes the placeholder in basePath; a path may carry it too.
void choose_version(nlohmann::json& doc, std::string_view version) {
    if (auto base = doc.find("basePath"); base != doc.end() && base->is_string())
        *base = with_version(*base, version);
    auto paths = doc.find("paths");
    if (paths == doc.end() || !paths->is_object()) return;
    auto renamed = nlohmann::json::object();
    for (auto& [path, item] : paths->items())
        renamed[with_version(path, version)] = std::move(item);
    *paths = std::move(renamed);
}

}  // namespace

std::vector<api_document> load_api_documents(const spec_tree& tree,
                                             std::string_view client_major_version) {
    if (!is_path_segment(client_major_version))
        throw spec_error(fmt::format("'{}' cannot be a client API version (expected e.g. r0 or v3)",
                                     client_major_version));
    ref_resolver resolver;
    std::vector<std::pair<std::filesystem::path, dialect>> api_files;
    for (const auto& dir : tree.api_dirs) {
        for (const auto& file : yaml_files(dir, tree.layout == spec_layout::ours)) {
            auto doc = yaml_document::read(file);
            if (auto d = dialect_of(doc); d != dialect::none) api_files.emplace_back(file, d);
            resolver.add(std::move(doc));
        }
    }
    if (api_files.empty()) throw spec_error(not_a_spec_directory(tree.root));

    std::vector<api_document> documents;
    for (const auto& [file, d] : api_files) {
        auto resolved = resolver.resolve(file);
        if (d == dialect::openapi3) resolved = swagger_shape(resolved, file.string());
        choose_version(resolved, client_major_version);
        documents.push_back({file, std::move(resolved)});
    }
    return documents;
}

std::vector<api_document> load_api_documents(const std::filesystem::path& dir,
                                             std::string_view client_major_version) {
    auto tree = detect_layout(dir);
    tree.layout = spec_layout::ours;
    tree.api_dirs = {tree.root};
    return load_api_documents(tree, client_major_version);
}

nlohmann::json load_schema(const std::filesystem::path& file) {
    ref_resolver resolver;
    return resolver.resolve(file);
}

}  // namespace mxc::spec
