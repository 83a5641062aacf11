// The suite loader (issue 3, "Bad input"): a broken suite file is one error line naming
// file:line:column and the key; unknown steps and keys are errors, never ignored.
#include <gtest/gtest.h>

#include <regex>

#include "steps/load_error.hpp"
#include "steps/suite_loader.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mxc::steps {
namespace {

using test::temp_dir;

// A suite file whose one case has these lines (the first is prefixed "- "); the case's keys
// start at line 4, column 5, and its first step's name is at line 9, column 9.
std::string suite_with(const std::vector<std::string>& case_lines) {
    std::string s = "suite: t.bad\nspec: {doc: client-server, section: S}\ncases:\n";
    for (std::size_t i = 0; i < case_lines.size(); ++i)
        s += (i == 0 ? "  - " : "    ") + case_lines[i] + "\n";
    return s;
}

// The fault names these tests hand the loader, as the app layer hands the reference server's.
const fault_names& faults() {
    static const fault_names names{"no-wake", "reorder"};
    return names;
}

std::vector<std::string> good_case(const std::string& step = "note: {text: hi}") {
    return {"id: t.bad.one", "title: T", "level: must", "requirement: R", "steps:", "  - " + step};
}

// The message load_suite_file throws for `text`, with the temp path replaced by "F".
std::string load_error_for(const std::string& text) {
    const auto msg = test::error_loading("s.yaml", text, [](const auto& file) {
        core::registry r;
        load_suite_file(file, r, faults());
    });
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
    return msg;
}

TEST(SuiteLoader, TheGoodCaseLoads) {
    EXPECT_EQ(load_error_for(suite_with(good_case())), "(loaded)");
}

TEST(SuiteLoader, YamlSyntaxErrorNamesFileLineColumn) {
    const auto msg = load_error_for("suite: t.bad\ncases:\n  - id: [unclosed\n    title: x\n");
    EXPECT_TRUE(std::regex_search(msg, std::regex(R"(^F:[1-9][0-9]*:[1-9][0-9]*: \S)"))) << msg;
}

TEST(SuiteLoader, UnknownTopLevelKey) {
    EXPECT_EQ(load_error_for("suite: t.bad\ncases: []\nextra: 1\n").substr(0, 40),
              "F:3:1: unknown key 'extra' in a suite fi");
}

TEST(SuiteLoader, SuiteFileNeedsSuiteAndCases) {
    EXPECT_EQ(load_error_for("suite: t.bad\n"), "F:1:1: a suite file needs 'suite' and 'cases'");
    EXPECT_EQ(load_error_for("- a\n- b\n"),
              "F:1:1: a suite file is a map with suite, spec and cases");
}

TEST(SuiteLoader, UnknownCaseKey) {
    auto lines = good_case();
    lines.insert(lines.begin() + 4, "stepz: []");
    const auto msg = load_error_for(suite_with(lines));
    EXPECT_TRUE(msg.starts_with("F:8:5: unknown key 'stepz' in a case (allowed: ")) << msg;
}

TEST(SuiteLoader, EachRequiredCaseKeyIsNamedWhenMissing) {
    for (const std::string key : {"id", "title", "level", "requirement", "steps"}) {
        std::vector<std::string> lines;
        for (const auto& l : good_case())
            if (!l.starts_with(key + ":") && !(key == "steps" && l.starts_with("  - ")))
                lines.push_back(l);
        EXPECT_EQ(load_error_for(suite_with(lines)), "F:4:5: case needs '" + key + "'");
    }
}

TEST(SuiteLoader, CaseWithoutSpecSectionIsRejected) {
    const auto msg = load_error_for(
        "suite: t.bad\ncases:\n  - id: t.bad.one\n    title: T\n    level: must\n"
        "    requirement: R\n    steps: [{note: {text: x}}]\n");
    EXPECT_EQ(msg, "F:3:5: case 't.bad.one' names no spec section");
}

TEST(SuiteLoader, BadLevel) {
    auto lines = good_case();
    lines[2] = "level: sometimes";
    EXPECT_EQ(load_error_for(suite_with(lines)), "F:6:12: level must be must, should or observed");
}

TEST(SuiteLoader, BadIdShape) {
    for (const std::string id : {"Bad-Id", "single", "t..x", "t.x.", "t.Upper"}) {
        auto lines = good_case();
        lines[0] = "id: " + id;
        EXPECT_EQ(load_error_for(suite_with(lines)),
                  "F:4:9: case id '" + id + "' must be dotted lower-case words");
    }
}

TEST(SuiteLoader, EmptyStepsList) {
    auto lines = good_case();
    lines.resize(4);
    lines.push_back("steps: []");
    EXPECT_EQ(load_error_for(suite_with(lines)), "F:8:12: steps is a non-empty list");
}

TEST(SuiteLoader, UnknownStep) {
    const auto msg = load_error_for(suite_with(good_case("nope: {as: bob}")));
    EXPECT_TRUE(msg.starts_with("F:9:9: unknown step 'nope' (steps: ")) << msg;
    EXPECT_NE(msg.find("send_to_device"), std::string::npos) << "lists the steps: " << msg;
}

// Found by fuzz/suite_loader.cpp: yaml-cpp's conversion error escaped the loader.
TEST(SuiteLoader, AStepNamedByAListNamesFileLineColumn) {
    EXPECT_EQ(load_error_for(suite_with(good_case("{[note]: {text: hi}}"))),
              "F:9:10: bad conversion");
}

TEST(SuiteLoader, TextThatIsNotUtf8NamesFileLineColumn) {
    EXPECT_EQ(load_error_for(suite_with(good_case("note: {text: \"\xa0\"}"))),
              "F:9:22: not UTF-8 text");
}

TEST(SuiteLoader, AFloatTooLargeForADoubleLoads) {
    EXPECT_EQ(load_error_for(suite_with(good_case("set: {big: 1e999}"))), "(loaded)");
}

TEST(SuiteLoader, UnknownStepKey) {
    const auto msg = load_error_for(suite_with(good_case("sync: {as: bob, sine: x}")));
    EXPECT_TRUE(msg.starts_with("F:9:25: step 'sync' has no key 'sine' (keys: as, ")) << msg;
}

TEST(SuiteLoader, UnknownStepKeyInANestedStep) {
    const auto msg = load_error_for(suite_with(
        good_case("long_poll: {as: bob, since: x, during: [{sync: {as: bob, bogus: 1}}]}")));
    EXPECT_TRUE(msg.starts_with("F:9:66: step 'sync' has no key 'bogus'")) << msg;
}

TEST(SuiteLoader, MissingRequiredStepKey) {
    EXPECT_EQ(load_error_for(suite_with(good_case("sync: {since: x}"))),
              "F:9:9: step 'sync' needs 'as'");
    EXPECT_EQ(load_error_for(suite_with(good_case("note:"))), "F:9:9: step 'note' needs 'text'");
}

TEST(SuiteLoader, StepShapeErrors) {
    EXPECT_EQ(
        load_error_for(suite_with(good_case("{note: {text: a}, sync: {as: b}}"))).substr(0, 33),
        "F:9:9: a step is a map with one k");
    EXPECT_EQ(load_error_for(suite_with(good_case("sync: [as, bob]"))),
              "F:9:15: a step's arguments are a map");
}

TEST(SuiteLoader, UnknownMatcher) {
    const auto msg =
        load_error_for(suite_with(good_case("sync: {as: bob, expect: {stauts: 200}}")));
    EXPECT_TRUE(msg.starts_with("F:9:33: unknown matcher 'stauts' in expect")) << msg;
    const auto until =
        load_error_for(suite_with(good_case("sync_until: {as: bob, until: {has: 1}}")));
    EXPECT_TRUE(until.starts_with("F:9:38: unknown matcher 'has' in expect")) << until;
}

TEST(SuiteLoader, BadPort) {
    auto lines = good_case();
    lines.push_back("ports: [{sytset: \"x\"}]");
    EXPECT_EQ(load_error_for(suite_with(lines)),
              "F:10:14: a port names sytest, complement or synapse, not 'sytset'");
}

// good_case() with `caught_by: <value>` after its level, at line 7 (the value at column 16).
std::string with_caught_by(const std::string& value, const std::string& level = "must") {
    auto lines = good_case();
    lines[2] = "level: " + level;
    lines.insert(lines.begin() + 3, "caught_by: " + value);
    return suite_with(lines);
}

TEST(SuiteLoader, CaughtByNamesKnownFaults) {
    EXPECT_EQ(load_error_for(with_caught_by("[no-wake, reorder]")), "(loaded)");
    EXPECT_EQ(load_error_for(with_caught_by("[reorder]", "should")), "(loaded)");
}

TEST(SuiteLoader, CaughtByUnknownFaultNamesFileLineColumn) {
    EXPECT_EQ(load_error_for(with_caught_by("[no-wake, no-wakes]")),
              "F:7:26: caught_by names 'no-wakes', which is no fault of the reference server "
              "(see `mxconform serve --help`)");
}

TEST(SuiteLoader, CaughtByShapeErrors) {
    EXPECT_EQ(load_error_for(with_caught_by("no-wake")),
              "F:7:16: caught_by is a list of fault names");
    EXPECT_EQ(load_error_for(with_caught_by("[no-wake, no-wake]")),
              "F:7:26: caught_by names 'no-wake' twice");
    EXPECT_EQ(load_error_for(with_caught_by("[{no-wake: 1}]")),
              "F:7:17: a caught_by entry must be a string");
}

TEST(SuiteLoader, ObservedCaseHasNoCaughtBy) {
    EXPECT_EQ(load_error_for(with_caught_by("[no-wake]", "observed")),
              "F:7:17: an observed case is not judged, so no fault can make it fail: drop "
              "caught_by");
}

// A C++ case's teeth are checked by the same rules, at its registration.
TEST(SuiteLoader, CxxCaseCaughtByIsChecked) {
    core::case_def c;
    c.id = "t.cxx.one";
    c.where = {"suites/t/cases/one.cpp", 12, 1};
    c.caught_by = {"reorder", "no-wake"};
    EXPECT_NO_THROW(check_caught_by(c, faults()));
    c.caught_by.push_back("reorder");
    try {
        check_caught_by(c, faults());
        FAIL() << "a repeated fault passed";
    } catch (const load_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "suites/t/cases/one.cpp:12:1: case 't.cxx.one': caught_by names 'reorder' twice");
    }
    c.caught_by = {"lose-everything"};
    EXPECT_THROW(check_caught_by(c, faults()), load_error);
    c.caught_by = {"reorder"};
    c.lvl = core::level::observed;
    EXPECT_THROW(check_caught_by(c, faults()), load_error);
}

TEST(SuiteLoader, DuplicateCaseIdAcrossFiles) {
    temp_dir dir;
    const auto a = dir.write("a.yaml", suite_with(good_case()));
    const auto b = dir.write("sub/b.yaml", suite_with(good_case()));
    core::registry r;
    try {
        load_suites(dir.path(), r, faults());
        FAIL() << "a duplicate id loaded";
    } catch (const std::exception& e) {
        EXPECT_EQ(
            std::string(e.what()),
            b.string() + ":4:5: case id 't.bad.one' is already defined at " + a.string() + ":4:5");
    }
}

TEST(SuiteLoader, NotADirectory) {
    core::registry r;
    EXPECT_THROW(load_suites("/nonexistent/mxc-suites", r, faults()), std::runtime_error);
}

TEST(SuiteLoader, GoodFileLoadsWithEveryField) {
    temp_dir dir;
    const auto file = dir.write("good.yaml", R"(suite: t.good
spec: {doc: client-server, section: "Send-to-Device"}
cases:
  - id: t.good.one
    title: One
    level: must
    caught_by: [reorder, no-wake]
    requirement: Something holds.
    ports:
      - sytest: "Can send a message"
      - complement: "TestToDeviceMessages"
    needs: [federation]
    actors: [alice, bob]
    steps:
      - sync: {as: bob, expect: {to_device_count: 0}}
  - id: t.good.two
    title: Two
    level: observed
    question: "What does the server do here?"
    spec: {section: "Other section", anchor: x}
    requirement: Other.
    steps:
      - request: {path: /_matrix/client/versions, observe: status}
)");
    core::registry r;
    load_suites(dir.path(), r, faults());
    ASSERT_EQ(r.size(), 2u);
    const auto* one = r.find("t.good.one");
    ASSERT_NE(one, nullptr);
    EXPECT_EQ(one->suite, "t.good");
    EXPECT_EQ(one->title, "One");
    EXPECT_EQ(one->lvl, core::level::must);
    EXPECT_EQ(one->requirement, "Something holds.");
    EXPECT_EQ(one->spec.doc, "client-server");
    EXPECT_EQ(one->spec.section, "Send-to-Device");
    ASSERT_EQ(one->ports.size(), 2u);
    EXPECT_EQ(one->ports[0].suite, "sytest");
    EXPECT_EQ(one->ports[0].name, "Can send a message");
    EXPECT_EQ(one->ports[1].suite, "complement");
    EXPECT_EQ(one->ports[1].name, "TestToDeviceMessages");
    EXPECT_EQ(one->needs, std::vector<std::string>{"federation"});
    EXPECT_EQ(one->caught_by, (std::vector<std::string>{"reorder", "no-wake"}));
    EXPECT_EQ(one->where.str(), file.string() + ":4:5");
    EXPECT_NE(one->body, nullptr);

    const auto* two = r.find("t.good.two");
    ASSERT_NE(two, nullptr);
    EXPECT_EQ(two->lvl, core::level::observed);
    // The case's spec overrides the file's default key by key.
    EXPECT_EQ(two->spec.doc, "client-server");
    EXPECT_EQ(two->spec.section, "Other section");
    EXPECT_EQ(two->spec.anchor, "x");
    EXPECT_TRUE(two->ports.empty());
    EXPECT_TRUE(two->needs.empty());
    EXPECT_TRUE(two->caught_by.empty());
}

}  // namespace
}  // namespace mxc::steps
