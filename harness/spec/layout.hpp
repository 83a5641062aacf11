// Which kind of spec directory `--specs` names: mxconform's own specs/, or a checkout of the
// upstream Matrix specification in one of its two layouts (issue #11, "Upstream definitions").
//
//   r0 era (matrix-doc, up to 2021): Swagger 2.0 in api/client-server/*.yaml and
//     api/server-server/*.yaml, %CLIENT_MAJOR_VERSION% in paths, event schemas in
//     event-schemas/schema/;
//   v1.x (matrix-spec, Matrix 1.1 on; OpenAPI 3.1 since 1.8): data/api/client-server/*.yaml
//     and data/api/server-server/*.yaml, base paths in `servers`, event schemas in
//     data/event-schemas/schema/.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mxc::spec {

enum class spec_layout { ours, upstream_r0, upstream_v1 };

struct spec_tree {
    spec_layout layout = spec_layout::ours;
    std::filesystem::path root;  // absolute, normalised
    // ours: {root}, every YAML file below it read; upstream: the API folders, whose top-level
    // YAML files are the API documents (what they reference is read on use, so an unrelated
    // file elsewhere in a checkout cannot stop a run).
    std::vector<std::filesystem::path> api_dirs;
    // Upstream: where a schema named after an EDU type (m.direct_to_device.yaml) may live.
    std::vector<std::filesystem::path> edu_dirs;
};

// Looks at the folders only; throws spec_error "DIR: not a directory".
spec_tree detect_layout(const std::filesystem::path& dir);

// "upstream v1.x layout" and the like, for messages and the run report.
std::string layout_name(spec_layout layout);

// The one-line error for a directory that holds no API document: names DIR and what was
// looked for.
std::string not_a_spec_directory(const std::filesystem::path& dir);

}  // namespace mxc::spec
