// Checks the harness's exchanges against specs/ or an upstream checkout of the Matrix spec
// (spec::load_catalogue), for both version prefixes a case may use.
#pragma once

#include <filesystem>
#include <optional>

#include "app/data_dir.hpp"
#include "core/result.hpp"
#include "spec/upstream.hpp"
#include "steps/environment.hpp"

namespace mxc::app {

class spec_validator : public steps::exchange_validator {
  public:
    // `specs_dir` is specs/, a directory laid out like it, or an upstream checkout, where
    // `ours_dir` fills in what upstream leaves as prose. Throws spec::spec_error.
    explicit spec_validator(const std::filesystem::path& specs_dir,
                            const std::filesystem::path& ours_dir = default_specs_dir());

    std::vector<steps::validation_finding> check_request(const std::string& method,
                                                         const std::string& path,
                                                         const std::string& query,
                                                         const nlohmann::json* body) const override;
    std::vector<steps::validation_finding> check_response(
        const std::string& method, const std::string& path, unsigned status,
        const nlohmann::json* body) const override;

    // `spec_source`, when the definitions are not the shipped specs/: which layout at which
    // path, and what our specs/ filled in. Announced for an upstream checkout, since it
    // changes what a schema finding means.
    const std::optional<core::run_fact>& source_fact() const { return fact_; }

  private:
    std::optional<spec::route> find(const spec::catalogue*& which, const std::string& method,
                                    const std::string& target) const;
    spec::sourced_catalogue v3_;
    // The v1.x layout documents the v3 paths only; there r0 requests are checked against them.
    std::optional<spec::sourced_catalogue> r0_;
    std::optional<core::run_fact> fact_;
};

}  // namespace mxc::app
