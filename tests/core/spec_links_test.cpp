// Spec links come from the cases' own data (issue #8, part 5): the loader resolves a case's
// `spec: {doc, anchor}` against suites/spec_docs.yaml, and reporters only print spec.url.
#include <gtest/gtest.h>

#include "app/catalogue_loader.hpp"
#include "steps/load_error.hpp"
#include "steps/suite_loader.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

using test::temp_dir;

std::string suite_yaml(const std::string& id, const std::string& spec) {
    return "suite: t\nspec: " + spec + "\ncases:\n  - id: t." + id +
           "\n    title: T\n    level: must\n    requirement: R\n    steps:\n      - note: {text: "
           "hi}\n";
}

TEST(SpecLinks, ShippedAnchorsLinkToThePublishedSpec) {
    const auto all = load_all_cases(std::filesystem::path(MXC_SOURCE_DIR) / "suites");
    const auto* c = all.find("to_device.send.one_device");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->spec.url,
              "https://spec.matrix.org/latest/client-server-api/"
              "#put_matrixclientv3sendtodeviceeventtypetxnid");
    for (const auto* d : all.select({}, {}))
        EXPECT_EQ(d->spec.url.empty(), d->spec.anchor.empty()) << d->id;
}

TEST(SpecLinks, ResolvedFromTheDocsFileOnlyForAListedDocWithAnAnchor) {
    temp_dir dir;
    dir.write("spec_docs.yaml", "a-doc: https://example.org/a/\n");
    dir.write("one.yaml", suite_yaml("listed", "{doc: a-doc, section: S, anchor: \"#x\"}"));
    dir.write("two.yaml", suite_yaml("unlisted", "{doc: other, section: S, anchor: x}"));
    dir.write("three.yaml", suite_yaml("no_anchor", "{doc: a-doc, section: S}"));
    const auto all = load_all_cases(dir.path());
    EXPECT_EQ(all.size(), 3u);  // spec_docs.yaml is no suite
    EXPECT_EQ(all.find("t.listed")->spec.url, "https://example.org/a/#x");
    EXPECT_EQ(all.find("t.unlisted")->spec.url, "");
    EXPECT_EQ(all.find("t.no_anchor")->spec.url, "");
}

TEST(SpecLinks, SuitesWithoutADocsFileLoadWithoutLinks) {
    temp_dir dir;
    dir.write("one.yaml", suite_yaml("listed", "{doc: client-server, section: S, anchor: x}"));
    EXPECT_EQ(load_all_cases(dir.path()).find("t.listed")->spec.url, "");
}

TEST(SpecLinks, ABrokenDocsFileNamesFileAndLine) {
    temp_dir dir;
    const auto file = dir.write("spec_docs.yaml", "a-doc: https://example.org/a/\nb-doc: [x]\n");
    try {
        load_all_cases(dir.path());
        FAIL() << "loaded";
    } catch (const steps::load_error& e) {
        EXPECT_EQ(std::string(e.what()), file.string() + ":2:8: a base URL must be a string");
    }
}

}  // namespace
}  // namespace mxc::app
