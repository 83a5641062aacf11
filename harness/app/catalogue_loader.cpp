#include "app/catalogue_loader.hpp"

#include "refserver/faults.hpp"

namespace mxc::app {

namespace {

// <base URL>#<anchor> for a case that names an anchor in a listed doc, else "".
std::string spec_url(const std::map<std::string, std::string>& docs, const core::spec_ref& spec) {
    auto base = docs.find(spec.doc);
    if (spec.anchor.empty() || base == docs.end()) return {};
    return base->second + "#" + (spec.anchor.front() == '#' ? spec.anchor.substr(1) : spec.anchor);
}

}  // namespace

steps::fault_names reference_fault_names() {
    steps::fault_names out;
    for (const auto& f : refserver::all_faults()) out.emplace(f.name);
    return out;
}

core::registry load_all_cases(const std::filesystem::path& suites_dir) {
    const auto known = reference_fault_names();
    core::registry loaded;
    steps::load_suites(suites_dir, loaded, known);
    // C++ cases registered themselves before main(); their teeth are checked here, by the rules
    // the YAML loader applies.
    for (const auto* c : core::registry::builtin().select({}, {}))
        steps::check_caught_by(*c, known);
    loaded.merge(core::registry::builtin());
    // Links are resolved once here, so reporters print the case's own data (issue #8).
    const auto docs = steps::load_spec_docs(suites_dir / steps::spec_docs_file);
    core::registry all;
    for (const auto* c : loaded.select({}, {})) {
        auto def = *c;
        def.spec.url = spec_url(docs, def.spec);
        all.add(std::move(def));
    }
    return all;
}

}  // namespace mxc::app
