#include "steps/yaml_case.hpp"

namespace mxc::steps {

void yaml_case::run(core::case_run& run) const {
    auto* env = dynamic_cast<environment*>(&run.env());
    if (!env) throw core::harness_error("YAML cases need the Matrix environment");
    world w(run, *env);
    for (const auto& a : actors_) w.create(a);
    for (const auto& s : steps_) run_step(w, s);
    w.finish();
}

}  // namespace mxc::steps
