// What each homeserver implementation needs in its configuration before mxconform can run
// against it, problem by problem: fixtures/targets/*.yaml, one file per implementation (issue 10,
// `mxconform doctor`). Data, so a team adds its server without touching the code.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mxc::app {

struct target_profile {
    std::string name;                 // "Synapse"
    std::vector<std::string> detect;  // substrings of a Server header or federation server name
    std::string config;               // where the lines go: "homeserver.yaml"
    std::map<std::string, std::string> fixes;  // check id -> lines to add (with comments)
    std::filesystem::path file;
};

// Every *.yaml in dir, sorted by file name. Throws std::runtime_error "file:line:column: ..." for
// a malformed file; one named generic.yaml must be there (the fallback).
std::vector<target_profile> load_target_profiles(const std::filesystem::path& dir);

// The profile whose `detect` occurs in one of `signatures` (Server header, federation version
// name); else the generic one.
const target_profile& detect_target(const std::vector<target_profile>& profiles,
                                    const std::vector<std::string>& signatures);

}  // namespace mxc::app
