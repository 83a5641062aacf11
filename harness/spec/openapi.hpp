// OpenAPI 3.x documents (the upstream Matrix spec from v1.8 on) in the Swagger 2.0 shape the
// rest of the catalogue reads, so that one operation reader serves both dialects.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace mxc::spec {

// `doc` has its references inlined. The result keeps `paths`, with
//   - `basePath`: the path of the first `servers` URL, its {variables} replaced by their
//     defaults ("{protocol}://{hostname}{basePath}" with basePath /_matrix/client/v3);
//   - each parameter's `schema` lifted into the parameter, as Swagger writes it;
//   - `requestBody` as a body parameter and each response's `content`, both only for
//     application/json (nothing here sends or checks another media type).
// Throws spec_error naming `file` when `servers` is malformed.
nlohmann::json swagger_shape(const nlohmann::json& doc, const std::string& file);

}  // namespace mxc::spec
