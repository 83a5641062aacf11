// Checks the harness's exchanges against specs/ (spec::catalogue), for both version prefixes
// a case may use.
#pragma once

#include <filesystem>

#include "spec/catalogue.hpp"
#include "steps/environment.hpp"

namespace mxc::app {

class spec_validator : public steps::exchange_validator {
  public:
    explicit spec_validator(const std::filesystem::path& specs_dir);

    std::vector<steps::validation_finding> check_request(const std::string& method,
                                                         const std::string& path,
                                                         const std::string& query,
                                                         const nlohmann::json* body) const override;
    std::vector<steps::validation_finding> check_response(
        const std::string& method, const std::string& path, unsigned status,
        const nlohmann::json* body) const override;

  private:
    std::optional<spec::route> find(const spec::catalogue*& which, const std::string& method,
                                    const std::string& target) const;
    spec::catalogue v3_;
    spec::catalogue r0_;
};

}  // namespace mxc::app
