#include "spec/fill_in.hpp"

#include <map>

namespace mxc::spec {

namespace {

using json = nlohmann::json;

// A schema that constrains no more than the JSON type (documentation is already gone).
bool is_open(const json& schema) {
    if (!schema.is_object()) return true;
    for (const auto& [key, _] : schema.items())
        if (key != "type") return false;
    return true;
}

void collect_properties(const json& schema, std::map<std::string, const json*>& out) {
    if (!schema.is_object()) return;
    if (auto props = schema.find("properties"); props != schema.end() && props->is_object())
        for (const auto& [name, sub] : props->items()) out.emplace(name, &sub);
    if (auto all_of = schema.find("allOf"); all_of != schema.end() && all_of->is_array())
        for (const auto& part : *all_of) collect_properties(part, out);
}

void walk(json& up, const json& ours, const std::string& place, std::vector<std::string>& out) {
    if (is_open(ours)) return;
    if (is_open(up)) {
        // Draft 4 has no boolean schemas, so an open `true` is simply replaced.
        up = up.is_object() ? json{{"allOf", {up, ours}}} : ours;
        out.push_back(place.empty() ? "/" : place);
        return;
    }
    std::map<std::string, const json*> props;
    collect_properties(ours, props);
    for (const auto& [name, sub] : props) {
        if (is_open(*sub)) continue;
        const std::string at = place + "/" + name;
        if (json* found = find_property(up, name)) {
            walk(*found, *sub, at, out);
        } else {
            up["properties"][name] = *sub;
            out.push_back(at);
        }
    }
    if (auto items = ours.find("items"); items != ours.end() && items->is_object()) {
        if (auto up_items = up.find("items"); up_items != up.end() && up_items->is_object()) {
            walk(*up_items, *items, place + "[]", out);
        } else if (up_items == up.end() && !is_open(*items)) {
            up["items"] = *items;
            out.push_back(place + "[]");
        }
    }
}

}  // namespace

json* find_property(json& schema, const std::string& name) {
    if (!schema.is_object()) return nullptr;
    if (auto props = schema.find("properties"); props != schema.end() && props->is_object())
        if (auto it = props->find(name); it != props->end()) return &*it;
    if (auto all_of = schema.find("allOf"); all_of != schema.end() && all_of->is_array())
        for (auto& part : *all_of)
            if (json* found = find_property(part, name)) return found;
    return nullptr;
}

std::vector<std::string> fill_in(json& upstream, const json& ours) {
    std::vector<std::string> out;
    walk(upstream, ours, "", out);
    return out;
}

}  // namespace mxc::spec
