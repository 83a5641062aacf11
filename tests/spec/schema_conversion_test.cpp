// Swagger 2.0 schema objects to JSON Schema draft 4, and discriminator expansion.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spec/compiled_schema.hpp"
#include "spec/discriminator.hpp"
#include "spec/json_schema.hpp"

namespace mxc::spec {
namespace {

using json = nlohmann::json;

TEST(ToJsonSchema, DropsDocumentationButKeepsPropertiesOfTheSameName) {
    auto in = json::parse(R"({"type": "object", "title": "T", "description": "d", "x-addedIn": "1",
        "example": {}, "required": ["description"],
        "properties": {"description": {"type": "string", "description": "d", "format": "int64"},
                       "title": {"type": "string"}}})");
    EXPECT_EQ(to_json_schema(in), json::parse(R"({"type": "object", "required": ["description"],
        "properties": {"description": {"type": "string"}, "title": {"type": "string"}}})"));
}

TEST(ToJsonSchema, WalksNestedSchemas) {
    auto in = json::parse(R"({"allOf": [{"description": "a"}],
        "items": {"title": "i", "type": "integer"},
        "additionalProperties": {"additionalProperties": false, "x-y": 1},
        "patternProperties": {"^@": {"example": 1}}, "required": []})");
    EXPECT_EQ(to_json_schema(in), json::parse(R"({"allOf": [{}], "items": {"type": "integer"},
        "additionalProperties": {"additionalProperties": false},
        "patternProperties": {"^@": {}}})"));
}

TEST(ToJsonSchema, ToleratesUpstreamDraft3Habits) {
    // `properties: []` for "none", and union types with a schema inside.
    auto in = json::parse(R"({"type": "object", "properties": [],
        "additionalProperties": {"type": ["string", {"type": "object", "required": ["key"]}]}})");
    compiled_schema schema(to_json_schema(in));
    EXPECT_TRUE(schema.check(json::parse(R"({"a": "s", "b": {"key": 1}})"), "response").empty());
    // Every alternative explains its own failure: the integer fits neither, the empty
    // object is not a string and lacks `key`.
    std::vector<std::string> pointers;
    for (const auto& f : schema.check(json::parse(R"({"a": 1, "b": {}})"), "response"))
        pointers.push_back(f.json_pointer);
    EXPECT_THAT(pointers, ::testing::ElementsAre("/a", "/b", "/b"));
}

TEST(ParameterSchema, KeepsTypeAndLimitsOnly) {
    auto in = json::parse(R"({"in": "query", "name": "n", "required": true, "type": "integer",
                              "minimum": 0, "description": "d"})");
    EXPECT_EQ(parameter_schema(in), json::parse(R"({"type": "integer", "minimum": 0})"));
}

TEST(TypedParameter, ConvertsTextToTheDeclaredType) {
    EXPECT_EQ(typed_parameter("12", {{"type", "integer"}}), json(12));
    EXPECT_EQ(typed_parameter("-1", {{"type", "integer"}}), json(-1));
    EXPECT_EQ(typed_parameter("1e3", {{"type", "integer"}}), std::nullopt);
    EXPECT_EQ(typed_parameter("true", {{"type", "boolean"}}), json(true));
    EXPECT_EQ(typed_parameter("True", {{"type", "boolean"}}), std::nullopt);
    EXPECT_EQ(typed_parameter("a,b", {{"type", "array"}, {"items", {{"type", "string"}}}}),
              json::parse(R"(["a", "b"])"));
    EXPECT_EQ(typed_parameter("1,x", {{"type", "array"}, {"items", {{"type", "integer"}}}}),
              std::nullopt);
    EXPECT_EQ(typed_parameter("x", json::object()), json("x"));
}

json polymorphic() {
    return json::parse(R"({"definitions": {
        "Base": {"type": "object", "discriminator": "kind", "required": ["kind"],
                 "properties": {"kind": {"type": "string"}}},
        "circle": {"allOf": [{"$ref": "#/definitions/Base"},
                             {"required": ["r"], "properties": {"r": {"type": "integer"}}}]},
        "unrelated": {"type": "string"}}})");
}

TEST(Discriminator, ChecksTheSubtypeNamedByTheProperty) {
    auto doc = polymorphic();
    expand_discriminators(doc);
    compiled_schema base(doc["definitions"]["Base"]);
    EXPECT_TRUE(base.check(json::parse(R"({"kind": "circle", "r": 2})"), "request").empty());
    EXPECT_TRUE(base.check(json::parse(R"({"kind": "square", "side": 1})"), "request").empty());

    auto found = base.check(json::parse(R"({"kind": "circle", "r": "2"})"), "request");
    ASSERT_EQ(found.size(), 1u);  // nothing from the not/anyOf scaffolding
    EXPECT_EQ(found[0].json_pointer, "/r");

    found = base.check(json::parse(R"({"kind": "circle"})"), "request");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].json_pointer, "");
    EXPECT_THAT(found[0].message, ::testing::HasSubstr("'r'"));

    found = base.check(json::parse(R"({"r": 2})"), "request");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_THAT(found[0].message, ::testing::HasSubstr("'kind'"));
}

TEST(Discriminator, LeavesOtherDefinitionsAlone) {
    auto doc = polymorphic();
    expand_discriminators(doc);
    EXPECT_EQ(doc["definitions"]["circle"], polymorphic()["definitions"]["circle"]);
    EXPECT_EQ(doc["definitions"]["unrelated"], polymorphic()["definitions"]["unrelated"]);
    EXPECT_EQ(doc["definitions"]["Base"].dump().find("discriminator"), std::string::npos);
}

}  // namespace
}  // namespace mxc::spec
