// Our specs/ filling the places the upstream definitions leave open (issue #11: the
// to-device event in /sync is prose only upstream, `to_device: {type: object}`).
//
// Both schemas are draft 4 with references inlined. Walking the properties (through
// `allOf`) and `items` that ours constrains, a place where upstream says no more than a
// type gets `allOf: [upstream, ours]`, and a property upstream does not name gets ours.
// Upstream's constraints are never loosened.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mxc::spec {

// Adds ours to `upstream` where it is open; returns the places filled, as paths into the
// instance ("/to_device", "/edus[]"; "/" for the whole body), in document order.
std::vector<std::string> fill_in(nlohmann::json& upstream, const nlohmann::json& ours);

// The schema of property `name`, in `schema`'s own properties or those of its allOf parts;
// nullptr when none names it.
nlohmann::json* find_property(nlohmann::json& schema, const std::string& name);

}  // namespace mxc::spec
