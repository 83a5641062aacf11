// Swagger 2.0 polymorphism, turned into plain JSON Schema before references are inlined.
//
// A definition B with `discriminator: d` has subtypes: the sibling definitions S whose
// `allOf` includes {$ref: "#/definitions/B"}, and the value of `d` names the subtype an
// instance must also satisfy. Draft 4 has no if/then, so B becomes
//   allOf: [B, for each S: anyOf: [not (d == "S"), S's own parts]]
// which leaves values of `d` with no subtype accepted: servers send EDU types that no
// definition here describes, and those must not be findings.
#pragma once

#include <nlohmann/json.hpp>

namespace mxc::spec {

// Rewrites the `definitions` of one document in place.
void expand_discriminators(nlohmann::json& document);

}  // namespace mxc::spec
