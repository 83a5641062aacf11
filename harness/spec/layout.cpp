#include "spec/layout.hpp"

#include <fmt/core.h>

#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

bool is_dir(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_directory(p, ec);
}

// The folders of an upstream layout under `api` (data/api or api), those that exist.
std::vector<std::filesystem::path> api_folders(const std::filesystem::path& api) {
    std::vector<std::filesystem::path> out;
    for (const char* part : {"client-server", "server-server"})
        if (is_dir(api / part)) out.push_back(api / part);
    return out;
}

}  // namespace

spec_tree detect_layout(const std::filesystem::path& dir) {
    spec_tree tree;
    tree.root = std::filesystem::absolute(dir).lexically_normal();
    if (!is_dir(tree.root)) throw spec_error(fmt::format("{}: not a directory", dir.string()));
    // Both upstream layouts keep EDU schemas beside the server-server definitions; the
    // event-schemas folder is searched too, where later versions may move them.
    if (is_dir(tree.root / "data/api/client-server")) {
        tree.layout = spec_layout::upstream_v1;
        tree.api_dirs = api_folders(tree.root / "data/api");
        tree.edu_dirs = {tree.root / "data/api/server-server/definitions/event-schemas",
                         tree.root / "data/event-schemas/schema"};
    } else if (is_dir(tree.root / "api/client-server")) {
        tree.layout = spec_layout::upstream_r0;
        tree.api_dirs = api_folders(tree.root / "api");
        tree.edu_dirs = {tree.root / "api/server-server/definitions/event-schemas",
                         tree.root / "event-schemas/schema"};
    } else {
        tree.api_dirs = {tree.root};
    }
    return tree;
}

std::string layout_name(spec_layout layout) {
    switch (layout) {
        case spec_layout::ours:
            return "Swagger 2.0 definitions";
        case spec_layout::upstream_r0:
            return "upstream r0 layout";
        case spec_layout::upstream_v1:
            return "upstream v1.x layout";
    }
    return "";
}

std::string not_a_spec_directory(const std::filesystem::path& dir) {
    return fmt::format(
        "{}: not a spec directory: looked for data/api/client-server/ (upstream Matrix spec, "
        "v1.x), api/client-server/ (upstream, r0 era) and YAML files with swagger: \"2.0\" or "
        "openapi: 3.x (mxconform's specs/)",
        dir.string());
}

}  // namespace mxc::spec
