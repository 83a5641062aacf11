// The body of a case written in YAML: create its actors, then run its steps in order.
#pragma once

#include <string>
#include <vector>

#include "core/case_def.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

class yaml_case : public core::case_body {
  public:
    yaml_case(std::vector<std::string> actors, std::vector<step_call> steps)
        : actors_(std::move(actors)), steps_(std::move(steps)) {}
    void run(core::case_run& run) const override;

  private:
    std::vector<std::string> actors_;
    std::vector<step_call> steps_;
};

}  // namespace mxc::steps
