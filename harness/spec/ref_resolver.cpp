#include "spec/ref_resolver.hpp"

#include <fmt/core.h>

#include "net/percent.hpp"
#include "spec/discriminator.hpp"
#include "spec/json_pointer.hpp"
#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

// Reference chains this long are a loop through intermediate references.
constexpr int max_hops = 32;

std::filesystem::path normal(const std::filesystem::path& p) {
    return std::filesystem::absolute(p).lexically_normal();
}

// Examples are data, not schemas: the upstream spec writes "$ref"s in them that are relative
// to an examples folder, not to the file (and draft 4 ignores examples anyway). A key is an
// example unless its object maps names to schemas (a property may be called "example").
bool is_example(const std::string& key, const std::string& pointer) {
    if (key != "example" && key != "examples" && !key.starts_with("x-example")) return false;
    const auto slash = pointer.rfind('/');
    const std::string parent = slash == std::string::npos ? "" : pointer.substr(slash + 1);
    return parent != "properties" && parent != "patternProperties" && parent != "definitions" &&
           parent != "$defs" && parent != "schemas";
}

bool is_ref(const nlohmann::json& node) {
    if (!node.is_object()) return false;
    auto it = node.find("$ref");
    return it != node.end() && it->is_string();
}

}  // namespace

void ref_resolver::add(yaml_document doc) {
    doc.file = normal(doc.file);
    expand_discriminators(doc.root);
    auto file = doc.file;
    docs_.insert_or_assign(std::move(file), std::move(doc));
}

nlohmann::json ref_resolver::resolve(const std::filesystem::path& file) {
    const auto& doc = document(normal(file), normal(file).string());
    std::vector<std::string> stack;
    return expand(doc, doc.root, "", stack);
}

const yaml_document& ref_resolver::document(const std::filesystem::path& file,
                                            const std::string& referrer) {
    if (auto it = docs_.find(file); it != docs_.end()) return it->second;
    try {
        add(yaml_document::read(file));
    } catch (const spec_error& e) {
        if (referrer == file.string()) throw;
        throw spec_error(fmt::format("{} does not resolve: {}", referrer, e.what()));
    }
    return docs_.at(file);
}

ref_resolver::target ref_resolver::follow(const yaml_document& doc, const std::string& pointer,
                                          const std::string& ref, int hops) {
    const std::string context = fmt::format("{}: $ref '{}'", doc.place(pointer), ref);
    if (hops > max_hops)
        throw spec_error(fmt::format("{} goes through more than {} references", context, max_hops));
    const auto hash = ref.find('#');
    const std::string file_part = ref.substr(0, hash);
    // A fragment is part of a URI, so "#/paths/~1sync" may also be written with %XX.
    const std::string fragment = hash == std::string::npos
                                     ? ""
                                     : net::percent_decode(std::string_view(ref).substr(hash + 1));

    const yaml_document* at_doc = &doc;
    if (!file_part.empty()) at_doc = &document(normal(doc.file.parent_path() / file_part), context);

    std::vector<std::string> tokens;
    try {
        tokens = split_pointer(fragment);
    } catch (const spec_error& e) {
        throw spec_error(fmt::format("{} does not resolve: {}", context, e.what()));
    }
    const nlohmann::json* node = &at_doc->root;
    std::string at_pointer;
    for (const auto& token : tokens) {
        // A pointer may pass through a node that is itself a reference.
        while (is_ref(*node) && !node->contains(token)) {
            auto next = follow(*at_doc, at_pointer, (*node)["$ref"].get<std::string>(), hops + 1);
            at_doc = next.doc, node = next.node, at_pointer = std::move(next.pointer);
        }
        const nlohmann::json* child = nullptr;
        if (node->is_object()) {
            if (auto it = node->find(token); it != node->end()) child = &*it;
        } else if (node->is_array() && !token.empty() &&
                   token.find_first_not_of("0123456789") == std::string::npos &&
                   token.size() < 10 && std::stoul(token) < node->size()) {
            child = &(*node)[std::stoul(token)];
        }
        if (child == nullptr)
            throw spec_error(fmt::format("{} does not resolve: {} has nothing at '{}' under '{}'",
                                         context, at_doc->file.string(), token,
                                         at_pointer.empty() ? "/" : at_pointer));
        node = child;
        at_pointer += "/" + escape_pointer_token(token);
    }
    return {at_doc, node, at_pointer};
}

nlohmann::json ref_resolver::expand(const yaml_document& doc, const nlohmann::json& node,
                                    const std::string& pointer, std::vector<std::string>& stack) {
    if (is_ref(node)) {
        const std::string& ref = node["$ref"].get_ref<const std::string&>();
        auto to = follow(doc, pointer, ref, 0);
        const std::string key = to.doc->file.string() + "#" + to.pointer;
        if (auto done = expanded_.find(key); done != expanded_.end()) return done->second;
        for (std::size_t i = 0; i < stack.size(); ++i) {
            if (stack[i] != key) continue;
            std::string chain;
            for (std::size_t j = i; j < stack.size(); ++j) chain += stack[j] + " -> ";
            throw spec_error(fmt::format("{}: $ref '{}' makes a cycle: {}{}", doc.place(pointer),
                                         ref, chain, key));
        }
        stack.push_back(key);
        auto result = expand(*to.doc, *to.node, to.pointer, stack);
        stack.pop_back();
        expanded_.emplace(key, result);
        return result;
    }
    if (node.is_object()) {
        auto out = nlohmann::json::object();
        for (const auto& [key, value] : node.items())
            out[key] = is_example(key, pointer)
                           ? value
                           : expand(doc, value, pointer + "/" + escape_pointer_token(key), stack);
        return out;
    }
    if (node.is_array()) {
        auto out = nlohmann::json::array();
        for (std::size_t i = 0; i < node.size(); ++i)
            out.push_back(expand(doc, node[i], pointer + "/" + std::to_string(i), stack));
        return out;
    }
    return node;
}

}  // namespace mxc::spec
