// A catalogue from whatever `--specs` names: mxconform's own specs/ as they are, or a checkout
// of the upstream Matrix specification (either layout, spec/layout.hpp) with our specs/
// filling in what upstream leaves as prose (issue #11, "Upstream definitions").
//
//   auto s = load_catalogue("/src/matrix-spec", "v3", data_dir / "specs");
//   s.filled_in  // {"GET /_matrix/client/v3/sync (response 200 /to_device)", ...}
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "spec/catalogue.hpp"
#include "spec/layout.hpp"

namespace mxc::spec {

struct sourced_catalogue {
    catalogue cat;
    spec_tree tree;
    // What our specs/ supplied, one entry per operation: "ID" for a whole operation upstream
    // lacks, "ID (statuses 400, 401; response 200 /to_device; the m.direct_to_device EDU)"
    // for parts of one. Sorted by id; empty for mxconform's own layout.
    std::vector<std::string> filled_in;
};

// Throws spec_error: "DIR: not a directory", not_a_spec_directory(DIR), or what either tree
// got wrong (file:line:column).
sourced_catalogue load_catalogue(const std::filesystem::path& dir,
                                 std::string_view client_major_version,
                                 const std::filesystem::path& ours_dir);

}  // namespace mxc::spec
