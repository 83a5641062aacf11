// VALIJSON_USE_EXCEPTIONS comes from CMake (mxc_spec), so every includer of valijson agrees.
#include "spec/compiled_schema.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <array>
#include <string_view>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "spec/json_pointer.hpp"
#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

// valijson follows each failure inside a property, item or sub-schema with one such
// line for every enclosing level. They repeat what the specific error already says, so
// they are kept only when nothing more specific was found at or below their place.
constexpr std::array<std::string_view, 9> summary_prefixes = {
    "Failed to validate item #",
    "Failed to validate against schema associated with",
    "Failed to validate against additional properties schema",
    "Failed to validate against child schema #",
    "Failed to validate against any schemas allowed by anyOf",
    "Failed to validate against any child schemas allowed by oneOf",
    "Failed to validate against exactly one child schema",
    "Failed to validate against dependent schema",
    "Target should not validate against schema specified in 'not'",
};

bool is_summary(const std::string& message) {
    return std::any_of(summary_prefixes.begin(), summary_prefixes.end(),
                       [&](std::string_view p) { return message.starts_with(p); });
}

// valijson's context is {"<root>", "[to_device]", "[events]", "[0]"}.
std::string to_pointer(const std::vector<std::string>& context) {
    std::string pointer;
    for (std::size_t i = 1; i < context.size(); ++i) {
        std::string_view token = context[i];
        if (token.size() >= 2 && token.front() == '[' && token.back() == ']')
            token = token.substr(1, token.size() - 2);
        pointer += "/" + escape_pointer_token(token);
    }
    return pointer;
}

std::string kind_of(const nlohmann::json& v) {
    if (v.is_number_integer()) return "integer";
    if (v.is_number_float()) return "non-integer number";
    return v.type_name();
}

// "not permitted by 'type'" alone leaves the reader to look the value up.
std::string describe(const std::string& message, const nlohmann::json& value,
                     const std::string& pointer) {
    if (!message.starts_with("Value type not permitted")) return message;
    try {
        auto text = message.ends_with('.') ? message.substr(0, message.size() - 1) : message;
        return fmt::format("{} (got {})", text,
                           kind_of(value.at(nlohmann::json::json_pointer(pointer))));
    } catch (const nlohmann::json::exception&) {
        return message;
    }
}

}  // namespace

compiled_schema::compiled_schema(const nlohmann::json& draft4_schema)
    : schema_(std::make_unique<valijson::Schema>()) {
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
        valijson::adapters::NlohmannJsonAdapter adapter(draft4_schema);
        parser.populateSchema(adapter, *schema_);
    } catch (const std::exception& e) {
        throw spec_error(fmt::format("schema rejected by valijson: {}", e.what()));
    }
}

compiled_schema::~compiled_schema() = default;

std::vector<finding> compiled_schema::check(const nlohmann::json& value,
                                            const std::string& where) const {
    // The validator caches the regexes of `pattern` keywords; one per thread keeps
    // that cache warm without sharing it.
    thread_local valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(*schema_, valijson::adapters::NlohmannJsonAdapter(value), &results))
        return {};

    std::vector<finding> all;
    for (const auto& error : results)
        all.push_back({where, to_pointer(error.context), error.description});
    std::vector<finding> kept;
    for (const auto& f : all) {
        if (is_summary(f.message)) {
            const bool covered = std::any_of(all.begin(), all.end(), [&](const finding& other) {
                return !is_summary(other.message) &&
                       (other.json_pointer == f.json_pointer ||
                        other.json_pointer.starts_with(f.json_pointer + "/"));
            });
            if (covered) continue;
        }
        finding out{where, f.json_pointer, describe(f.message, value, f.json_pointer)};
        if (std::find(kept.begin(), kept.end(), out) == kept.end()) kept.push_back(std::move(out));
    }
    std::stable_sort(kept.begin(), kept.end(), [](const finding& a, const finding& b) {
        return a.json_pointer < b.json_pointer;
    });
    return kept;
}

}  // namespace mxc::spec
