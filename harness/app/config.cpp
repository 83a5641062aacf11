#include "app/config.hpp"

#include <stdexcept>

#include "app/run_settings.hpp"

namespace mxc::app {

void validate(const run_config& c) {
    run_settings().check_all(c);
    const bool live = !c.target.empty();
    if (live && !c.ref_faults.empty())
        throw std::runtime_error(
            "--ref-fault applies to the embedded server only; drop --target or --ref-fault");
    if (!live && (!c.federation_url.empty() || !c.target_ca.empty() || c.insecure_federation))
        throw std::runtime_error(
            "--federation-url, --target-ca and --insecure-federation apply to a live --target "
            "only");
    if (!live && !c.restart_cmd.empty())
        throw std::runtime_error(
            "--restart-cmd applies to a live --target only (the embedded server restarts "
            "in-process)");
    if (!c.target_ca.empty() && c.insecure_federation)
        throw std::runtime_error(
            "--target-ca and --insecure-federation contradict each other; pick one");
}

}  // namespace mxc::app
