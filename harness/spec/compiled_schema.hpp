// A draft 4 JSON Schema compiled once by valijson and checked many times: every request
// and response of a run goes through one of these.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/finding.hpp"

namespace valijson {
class Schema;
}

namespace mxc::spec {

class compiled_schema {
  public:
    // Throws spec_error when valijson rejects the schema.
    explicit compiled_schema(const nlohmann::json& draft4_schema);
    ~compiled_schema();
    compiled_schema(const compiled_schema&) = delete;
    compiled_schema& operator=(const compiled_schema&) = delete;

    // Findings for `value`, most specific first in document order; empty when it conforms.
    // Pointers are relative to `value`. Safe to call from several threads at once.
    std::vector<finding> check(const nlohmann::json& value, const std::string& where) const;

  private:
    std::unique_ptr<valijson::Schema> schema_;
};

}  // namespace mxc::spec
