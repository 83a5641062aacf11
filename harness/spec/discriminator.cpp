#include "spec/discriminator.hpp"

#include <string>

#include "spec/json_pointer.hpp"

namespace mxc::spec {

namespace {

bool is_ref_to(const nlohmann::json& node, const std::string& target) {
    auto ref = node.find("$ref");
    return node.is_object() && ref != node.end() && *ref == target;
}

// The parts of subtype `sub` other than its reference to the base, or null when `sub`
// does not derive from the base.
nlohmann::json own_parts(const nlohmann::json& sub, const std::string& base_ref) {
    auto all_of = sub.find("allOf");
    if (!sub.is_object() || all_of == sub.end() || !all_of->is_array()) return nullptr;
    auto parts = nlohmann::json::array();
    bool derived = false;
    for (const auto& part : *all_of) {
        if (is_ref_to(part, base_ref))
            derived = true;
        else
            parts.push_back(part);
    }
    return derived ? nlohmann::json{{"allOf", parts}} : nlohmann::json(nullptr);
}

}  // namespace

void expand_discriminators(nlohmann::json& document) {
    if (!document.is_object() || !document.contains("definitions")) return;
    auto& definitions = document["definitions"];
    if (!definitions.is_object()) return;
    for (auto& [name, base] : definitions.items()) {
        if (!base.is_object() || !base.contains("discriminator") ||
            !base["discriminator"].is_string())
            continue;
        const std::string property = base["discriminator"];
        const std::string base_ref = "#/definitions/" + escape_pointer_token(name);
        auto branches = nlohmann::json::array();
        for (const auto& [sub_name, sub] : definitions.items()) {
            auto parts = own_parts(sub, base_ref);
            if (parts.is_null()) continue;
            nlohmann::json is_this_type = {{"required", {property}},
                                           {"properties", {{property, {{"enum", {sub_name}}}}}}};
            branches.push_back({{"anyOf", {{{"not", is_this_type}}, parts}}});
        }
        nlohmann::json plain = base;
        plain.erase("discriminator");
        if (branches.empty()) {
            base = std::move(plain);
            continue;
        }
        branches.insert(branches.begin(), std::move(plain));
        base = {{"allOf", std::move(branches)}};
    }
}

}  // namespace mxc::spec
