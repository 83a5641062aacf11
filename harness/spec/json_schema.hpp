// From Swagger 2.0 and OpenAPI 3.1 schema objects (references already inlined) to JSON
// Schema draft 4, the dialect valijson checks.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mxc::spec {

// Keeps the validation keywords and drops documentation (description, title, example,
// x-*), Swagger-only keywords (discriminator, readOnly, xml, externalDocs) and `format`,
// whose Swagger values (int64, byte, ...) mean nothing to draft 4. Of JSON Schema 2020-12
// (OpenAPI 3.1) it rewrites `const` and numeric exclusive bounds and drops `examples`,
// `deprecated`, `writeOnly` and `$comment`. Walks the keywords that hold schemas, so a
// property that happens to be called "description" stays.
nlohmann::json to_json_schema(const nlohmann::json& swagger_schema);

// The schema of a path, query or header parameter: its type and limits.
nlohmann::json parameter_schema(const nlohmann::json& swagger_parameter);

// A parameter arrives as text; this gives it the JSON type its schema declares, or
// nullopt when the text cannot be one ("abc" for an integer, "yes" for a boolean).
std::optional<nlohmann::json> typed_parameter(const std::string& text,
                                              const nlohmann::json& schema);

}  // namespace mxc::spec
