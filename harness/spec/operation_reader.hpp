// Turns the `paths` of Swagger documents into operations with compiled schemas.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/compiled_schema.hpp"
#include "spec/document_loader.hpp"
#include "spec/operation.hpp"

namespace mxc::spec {

class operation_reader {
  public:
    // Appends the operations of `doc`. Throws spec_error naming the file and operation.
    void read(const api_document& doc, std::vector<operation>& out);

  private:
    parameter read_parameter(const nlohmann::json& p);
    response_spec read_response(const nlohmann::json& r);
    std::shared_ptr<const compiled_schema> compile(const nlohmann::json& draft4);

    // The same schema (the error body, above all) is compiled once, whatever refers to it.
    std::map<std::string, std::shared_ptr<const compiled_schema>> compiled_;
};

}  // namespace mxc::spec
