#include "app/catalogue_loader.hpp"

#include "steps/suite_loader.hpp"

namespace mxc::app {

core::registry load_all_cases(const std::filesystem::path& suites_dir) {
    core::registry all;
    steps::load_suites(suites_dir, all);
    all.merge(core::registry::builtin());
    return all;
}

}  // namespace mxc::app
