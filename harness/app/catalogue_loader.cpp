#include "app/catalogue_loader.hpp"

#include "refserver/faults.hpp"

namespace mxc::app {

steps::fault_names reference_fault_names() {
    steps::fault_names out;
    for (const auto& f : refserver::all_faults()) out.emplace(f.name);
    return out;
}

core::registry load_all_cases(const std::filesystem::path& suites_dir) {
    const auto known = reference_fault_names();
    core::registry all;
    steps::load_suites(suites_dir, all, known);
    // C++ cases registered themselves before main(); their teeth are checked here, by the rules
    // the YAML loader applies.
    for (const auto* c : core::registry::builtin().select({}, {}))
        steps::check_caught_by(*c, known);
    all.merge(core::registry::builtin());
    return all;
}

}  // namespace mxc::app
