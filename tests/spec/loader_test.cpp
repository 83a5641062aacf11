// Loader errors: each names the file, and the line and column where YAML gives one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "spec/yaml_document.hpp"
#include "spec_fixture.hpp"

namespace mxc::spec::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// A minimal API document whose one response schema is `schema_yaml`.
std::string api_with_schema(const std::string& schema_yaml) {
    return "swagger: \"2.0\"\n"
           "basePath: /_matrix/client/%CLIENT_MAJOR_VERSION%\n"
           "paths:\n"
           "  /thing:\n"
           "    get:\n"
           "      responses:\n"
           "        \"200\":\n"
           "          description: ok\n"
           "          schema:\n" +
           schema_yaml;
}

class Loader : public scratch_dir {};

TEST_F(Loader, LoadsAMinimalDocument) {
    write("api.yaml", api_with_schema("            type: object\n"));
    EXPECT_EQ(load_error(), "");
    auto cat = catalogue::load(dir_, "r0");
    EXPECT_NE(cat.by_id("GET /_matrix/client/r0/thing"), nullptr);
}

TEST_F(Loader, BrokenYamlGivesFileLineAndColumn) {
    auto file = write("api.yaml",
                      "swagger: \"2.0\"\n"
                      "paths:\n"
                      "  /a: {get: [1, 2}\n");
    EXPECT_THAT(load_error(), StartsWith(file.string() + ":3:18: "));
}

// Found by fuzz/spec_loader.cpp: both escaped the loader as other exceptions than spec_error.
TEST_F(Loader, TextThatIsNotUtf8GivesItsPlace) {
    auto file = write("api.yaml", "swagger: \"2.0\"\ninfo: {title: \"\x93\"}\n");
    EXPECT_THAT(load_error(), StartsWith(file.string() + ":2:15: a value that is not UTF-8"));
    file = write("api.yaml", "swagger: \"2.0\"\n\xff: 1\n");
    EXPECT_THAT(load_error(), StartsWith(file.string() + ":2:1: a key that is not UTF-8"));
}

TEST_F(Loader, AnOperationOrBasePathOfTheWrongTypeNamesTheFile) {
    auto file = write("api.yaml", "swagger: \"2.0\"\npaths:\n  /a:\n    get: null\n");
    EXPECT_THAT(load_error(), StartsWith(file.string() + ": GET /a: must be a mapping"));
    file = write("api.yaml", "swagger: \"2.0\"\nbasePath: 42\npaths: {}\n");
    EXPECT_EQ(load_error(), file.string() + ": `basePath` must be a string");
}

TEST_F(Loader, AFloatTooLargeForADoubleIsInfinity) {
    auto doc = yaml_document::read(write("defs.yaml", "big: 1e999\nsmall: -1e999\n"));
    EXPECT_EQ(doc.root["big"], std::numeric_limits<double>::infinity());
    EXPECT_EQ(doc.root["small"], -std::numeric_limits<double>::infinity());
}

TEST_F(Loader, BrokenDefinitionFileIsReportedEvenIfUnused) {
    write("api.yaml", api_with_schema("            type: object\n"));
    auto file = write("definitions/bad.yaml", "a: 1\n  b: 2\n");
    EXPECT_THAT(load_error(), StartsWith(file.string() + ":2:4: "));
}

TEST_F(Loader, DuplicateKeyGivesItsPlace) {
    auto file =
        write("api.yaml", api_with_schema("            type: object\n            type: array\n"));
    auto error = load_error();
    EXPECT_THAT(error, StartsWith(file.string() + ":11:13: "));
    EXPECT_THAT(error, HasSubstr("duplicate key 'type'"));
}

TEST_F(Loader, DanglingFileRefNamesTheRefAndTheFile) {
    auto file = write("api.yaml", api_with_schema("            $ref: definitions/missing.yaml\n"));
    auto error = load_error();
    EXPECT_THAT(error, StartsWith(file.string() +
                                  ":10:13: $ref 'definitions/missing.yaml' does not resolve"));
    EXPECT_THAT(error, HasSubstr((dir_ / "definitions/missing.yaml").string() + ": cannot read"));
}

TEST_F(Loader, DanglingPointerNamesWhatIsMissing) {
    write("defs.yaml", "definitions:\n  event:\n    type: object\n");
    auto file =
        write("api.yaml", api_with_schema("            $ref: \"defs.yaml#/definitions/evnt\"\n"));
    auto error = load_error();
    EXPECT_THAT(error, StartsWith(file.string() +
                                  ":10:13: $ref 'defs.yaml#/definitions/evnt' does not resolve"));
    EXPECT_THAT(error, HasSubstr("nothing at 'evnt' under '/definitions'"));
}

TEST_F(Loader, CyclicRefAcrossFilesIsAnError) {
    auto a = write("a.yaml", "definitions:\n  a:\n    $ref: \"b.yaml#/definitions/b\"\n");
    auto b = write("b.yaml", "definitions:\n  b:\n    $ref: \"a.yaml#/definitions/a\"\n");
    write("api.yaml", api_with_schema("            $ref: \"a.yaml#/definitions/a\"\n"));
    auto error = load_error();
    EXPECT_THAT(error,
                StartsWith(b.string() + ":3:5: $ref 'a.yaml#/definitions/a' makes a cycle: "));
    EXPECT_THAT(error, HasSubstr(a.string() + "#/definitions/a -> " + b.string() +
                                 "#/definitions/b -> " + a.string() + "#/definitions/a"));
}

TEST_F(Loader, RecursiveSchemaIsAnError) {
    // Inlining cannot end; specs/ has no recursive schema and should not grow one.
    auto file = write(
        "api.yaml",
        api_with_schema("            type: object\n"
                        "            properties:\n"
                        "              child:\n"
                        "                $ref: \"#/paths/~1thing/get/responses/200/schema\"\n"));
    EXPECT_THAT(
        load_error(),
        StartsWith(file.string() +
                   ":13:17: $ref '#/paths/~1thing/get/responses/200/schema' makes a cycle"));
}

TEST_F(Loader, PointerMayPassThroughAReference) {
    write("inner.yaml", "type: object\nproperties:\n  n:\n    type: integer\n");
    write("outer.yaml", "definitions:\n  wrapper:\n    $ref: inner.yaml\n");
    write("api.yaml",
          api_with_schema("            $ref: \"outer.yaml#/definitions/wrapper/properties/n\"\n"));
    auto cat = catalogue::load(dir_, "v3");
    auto r = cat.find("GET", "/_matrix/client/v3/thing");
    ASSERT_TRUE(r);
    const nlohmann::json good = 3, bad = "3";
    EXPECT_TRUE(cat.check_response(*r, 200, &good).empty());
    EXPECT_EQ(cat.check_response(*r, 200, &bad).size(), 1u);
}

TEST_F(Loader, ASchemaValijsonRejectsNamesTheOperation) {
    auto file = write("api.yaml",
                      api_with_schema("            type: array\n            maxItems: fifty\n"));
    auto error = load_error();
    EXPECT_THAT(error,
                StartsWith(file.string() + ": GET /_matrix/client/v3/thing: schema rejected"));
}

TEST_F(Loader, TheSameOperationTwiceKeepsTheFirstAndSaysSo) {
    auto a = write("a.yaml", api_with_schema("            type: object\n"));
    auto b = write("b.yaml", api_with_schema("            type: array\n"));
    auto cat = catalogue::load(dir_, "v3");
    ASSERT_EQ(cat.operations().size(), 1u);
    EXPECT_EQ(cat.operations()[0].source, a);
    EXPECT_THAT(cat.notes(), ElementsAre("GET /_matrix/client/v3/thing is defined twice: using " +
                                         a.string() + ", ignoring " + b.string()));
    EXPECT_THAT(v3().notes(), IsEmpty());
}

TEST_F(Loader, ADirectoryWithoutAnApiDocumentIsAnError) {
    write("defs.yaml", "type: object\n");
    EXPECT_THAT(load_error(), HasSubstr("not a spec directory"));
}

TEST_F(Loader, OpenApi3IsReadToo) {
    write("api.yaml",
          "openapi: 3.1.0\n"
          "servers: [{url: /_matrix/client/v3}]\n"
          "paths:\n"
          "  /thing:\n"
          "    get:\n"
          "      responses:\n"
          "        \"200\":\n"
          "          description: ok\n"
          "          content: {application/json: {schema: {const: 1}}}\n");
    auto cat = catalogue::load(dir_, "v3");
    auto r = cat.find("GET", "/_matrix/client/v3/thing");
    ASSERT_TRUE(r);
    const nlohmann::json one = 1, two = 2;
    EXPECT_TRUE(cat.check_response(*r, 200, &one).empty());
    EXPECT_EQ(cat.check_response(*r, 200, &two).size(), 1u);
}

TEST_F(Loader, ABadOpenApiVersionIsAnError) {
    auto file = write("api.yaml", "openapi: 2.0\npaths: {}\n");
    EXPECT_THAT(load_error(), StartsWith(file.string() + ": openapi must be \"3.x\""));
}

TEST_F(Loader, ReferencesInExamplesAreNotFollowed) {
    // The upstream spec writes example $refs relative to an examples folder.
    write("api.yaml", api_with_schema("            type: object\n"
                                      "            example:\n"
                                      "              $ref: examples/elsewhere.json\n"));
    EXPECT_EQ(load_error(), "");
}

TEST_F(Loader, AMissingDirectoryIsAnError) {
    std::filesystem::remove_all(dir_);
    EXPECT_THAT(load_error(), HasSubstr("not a directory"));
}

TEST_F(Loader, YamlScalarsKeepTheirTypes) {
    auto file = write("scalars.yaml",
                      "int: 50\nneg: -3\nhex: 0x10\nstr_int: \"50\"\nbool: true\nstr_bool: 'true'\n"
                      "float: 1.5\nnull1: ~\nnull2:\nversion: 1.2.3\nyes: yes\ntagged: !!str 7\n"
                      "big: 18446744073709551615\n");
    const auto doc = yaml_document::read(file).root;
    EXPECT_EQ(doc["int"], 50);
    EXPECT_TRUE(doc["int"].is_number_integer());
    EXPECT_EQ(doc["neg"], -3);
    EXPECT_EQ(doc["hex"], 16);
    EXPECT_EQ(doc["str_int"], "50");
    EXPECT_EQ(doc["bool"], true);
    EXPECT_EQ(doc["str_bool"], "true");
    EXPECT_TRUE(doc["float"].is_number_float());
    EXPECT_TRUE(doc["null1"].is_null());
    EXPECT_TRUE(doc["null2"].is_null());
    EXPECT_EQ(doc["version"], "1.2.3");
    EXPECT_EQ(doc["yes"], "yes");  // YAML 1.2: only true/false are booleans
    EXPECT_EQ(doc["tagged"], "7");
    EXPECT_EQ(doc["big"], 18446744073709551615u);
}

TEST_F(Loader, BadExplicitTagIsAnError) {
    auto file = write("bad.yaml", "a: !!int twelve\n");
    try {
        yaml_document::read(file);
        FAIL() << "no error";
    } catch (const spec_error& e) {
        EXPECT_THAT(e.what(), StartsWith(file.string() + ":1:4: 'twelve' is not a valid"));
    }
}

}  // namespace
}  // namespace mxc::spec::testing
