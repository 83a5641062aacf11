// The README's flag tables are the settings tables' own (issue 8): regenerate them with
// `build/mxconform run --help-markdown` and `build/mxconform serve --help-markdown`.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "app/run_settings.hpp"
#include "app/serve_command.hpp"

namespace mxc::app {
namespace {

// The README's text between `<!-- settings:NAME -->` and the next `<!-- /settings -->`.
std::string readme_table(const std::string& name) {
    std::ifstream in(std::string(MXC_SOURCE_DIR) + "/README.md");
    std::stringstream text;
    text << in.rdbuf();
    const auto all = text.str();
    const auto open = "<!-- settings:" + name + " -->\n";
    const auto begin = all.find(open);
    if (begin == std::string::npos) return "(no " + open + " in README.md)";
    const auto end = all.find("<!-- /settings -->", begin);
    if (end == std::string::npos) return "(no <!-- /settings --> after " + open + ")";
    return all.substr(begin + open.size(), end - begin - open.size());
}

TEST(SettingsTable, ReadmeRunTableIsGeneratedFromTheTable) {
    EXPECT_EQ(readme_table("run"), run_settings().markdown())
        << "regenerate it with: build/mxconform run --help-markdown";
}

TEST(SettingsTable, ReadmeServeTableIsGeneratedFromTheTable) {
    EXPECT_EQ(readme_table("serve"), serve_settings().markdown())
        << "regenerate it with: build/mxconform serve --help-markdown";
}

template <class Config>
void expect_well_formed(const settings::table<Config>& t) {
    std::set<std::string> seen;
    for (const auto& s : t.entries()) {
        EXPECT_TRUE(seen.insert(s.name).second) << s.name;
        EXPECT_FALSE(s.help.empty()) << s.name;
        EXPECT_EQ(s.is_switch, s.value_name.empty()) << s.name;
    }
}

TEST(SettingsTable, NamesAreUniqueAndEveryEntryHasHelp) {
    expect_well_formed(run_settings());
    expect_well_formed(serve_settings());
}

TEST(SettingsTable, ServeFaultHelpListsEveryFault) {
    const auto* fault = serve_settings().find("fault");
    ASSERT_NE(fault, nullptr);
    for (const auto& f : refserver::all_faults()) {
        EXPECT_NE(fault->help.find(std::string(f.name)), std::string::npos) << f.name;
        EXPECT_NE(fault->help.find(std::string(f.description)), std::string::npos) << f.name;
    }
}

TEST(SettingsTable, ServeOptionsParseOnce) {
    serve_options o;
    const auto& t = serve_settings();
    t.apply(*t.find("listen"), {"[::1]:8448"}, "--listen", o);
    EXPECT_EQ(o.listen.host, "::1");
    EXPECT_EQ(o.listen.port, 8448);
    EXPECT_EQ(t.print(o).find("listen: \"[::1]:8448\""), 0u) << t.print(o);
    t.apply(*t.find("fault"), {"reorder", "no-wake"}, "--fault", o);
    EXPECT_EQ(o.faults, (std::vector{refserver::fault::reorder, refserver::fault::no_wake}));
    EXPECT_THROW(t.apply(*t.find("listen"), {"8008"}, "--listen", o), std::runtime_error);
    try {
        t.apply(*t.find("federation-listen"), {"127.0.0.1:99999"}, "--federation-listen", o);
        ADD_FAILURE() << "a port over 65535 was taken";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "--federation-listen: '99999' is not a port number");
    }
}

}  // namespace
}  // namespace mxc::app
