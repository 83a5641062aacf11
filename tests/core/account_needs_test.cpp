// How many accounts a run makes (issue #9 part 6): counted from a YAML case's actors, shown by
// `list`, `list --json` and `run --print-config` for the selected cases, and a tokens file with
// fewer is a setup error before any request, naming the file and both numbers.
#include <gtest/gtest.h>

#include <sstream>

#include "app/account_needs.hpp"
#include "app/run_command.hpp"
#include "app/run_settings.hpp"
#include "app/settings_cli.hpp"
#include "steps/suite_loader.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

using test::temp_dir;

const char* const suite = R"(suite: t.acc
spec: {doc: client-server, section: S}
cases:
  - id: t.acc.three
    title: Three users
    level: observed
    question: "What does the server do here?"
    requirement: R
    actors: [a, b, c]
    steps:
      - request: {path: /_matrix/client/versions, observe: status}
  - id: t.acc.none
    title: No users
    level: observed
    question: "What does the server do here?"
    requirement: R
    steps:
      - request: {path: /_matrix/client/versions, observe: status}
)";

// A suites directory with the one suite above.
struct suites {
    temp_dir dir;
    suites() { dir.write("t.yaml", suite); }
    std::string path() const { return dir.path().string(); }
};

std::string tokens_file(const temp_dir& dir, int accounts) {
    std::string text;
    for (int i = 0; i < accounts; ++i)
        text += "- {user_id: '@u" + std::to_string(i) +
                ":hs.test', access_token: t, device_id: D, password: p}\n";
    return dir.write("tokens.yaml", text).string();
}

TEST(AccountNeeds, AYamlCaseMakesOneAccountPerActor) {
    suites s;
    core::registry r;
    steps::load_suites(s.dir.path(), r, {});
    ASSERT_TRUE(r.find("t.acc.three"));
    EXPECT_EQ(r.find("t.acc.three")->accounts, 3);
    EXPECT_EQ(r.find("t.acc.none")->accounts, 0);
    EXPECT_EQ(accounts_needed(r.select({}, {})), 3);
}

TEST(AccountNeeds, ListShowsEachCaseAndTheTotal) {
    suites s;
    std::ostringstream out, err;
    list_options o;
    o.suites_dir = s.path();
    o.cases = {"t.acc.*"};
    ASSERT_EQ(list_command(o, out, err), 0) << err.str();
    EXPECT_NE(out.str().find("accounts: 3\n"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("accounts: 0\n"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("\n2 cases, 3 accounts (a tokens file must hold that many)\n"),
              std::string::npos)
        << out.str();

    std::ostringstream json_out;
    o.json = true;
    ASSERT_EQ(list_command(o, json_out, err), 0) << err.str();
    const auto arr = nlohmann::json::parse(json_out.str());
    ASSERT_EQ(arr.size(), 2u);
    for (const auto& c : arr) EXPECT_EQ(c["accounts"], c["id"] == "t.acc.three" ? 3 : 0) << c;
}

// `mxconform run ARGS --print-config`, as main wires it.
std::string print_config(std::vector<std::string> args) {
    using line_t = settings::command_line<run_config>;
    CLI::App app;
    auto* run = app.add_subcommand("run");
    const line_t line(*run, run_settings(), line_t::profile::allowed);
    args.insert(args.begin(), {"run", "--print-config"});
    std::reverse(args.begin(), args.end());
    app.parse(args);
    std::ostringstream out;
    EXPECT_FALSE(line.resolve(out));
    return out.str();
}

TEST(AccountNeeds, PrintConfigStatesTheAccountsOfTheSelectedCases) {
    suites s;
    const std::string note =
        " make 3 accounts; a tokens file (--register tokens:FILE) must hold at least that many.\n";
    EXPECT_TRUE(print_config({"--suites", s.path()}).ends_with("# The selected cases (2)" + note));
    EXPECT_TRUE(print_config({"--suites", s.path(), "--exclude", "t.acc.none"})
                    .ends_with("# The selected cases (1)" + note));
    EXPECT_NE(print_config({"--suites", s.path(), "--cases", "t.acc.none"})
                  .find("# The selected cases (1) make 0 accounts;"),
              std::string::npos);
}

// A live target and a tokens file: the file is checked before the target is reached (this
// target is a closed port, so any later step would fail differently).
std::pair<int, std::string> run_with_tokens(int accounts) {
    suites s;
    temp_dir dir;
    run_config cfg;
    cfg.target = "http://127.0.0.1:9";
    cfg.registration = matrix::registration::parse("tokens:" + tokens_file(dir, accounts));
    cfg.suites_dir = s.path();
    cfg.report_dir = (dir.path() / "reports").string();
    cfg.connect_timeout_ms = 500;
    std::ostringstream out, err;
    const int code = run_command(cfg, out, err);
    std::string text = err.str();
    const auto file = cfg.registration->tokens_file.string();
    if (const auto at = text.find(file); at != std::string::npos)
        text.replace(at, file.size(), "F");
    return {code, text};
}

TEST(AccountNeeds, AShortTokensFileIsASetupErrorNamingBothNumbers) {
    const auto [code, err] = run_with_tokens(2);
    EXPECT_EQ(code, 2);
    EXPECT_EQ(err,
              "mxconform: the tokens file F holds 2 accounts and the selected cases need 3; add "
              "accounts or select fewer cases (--cases, --exclude)\n");
}

TEST(AccountNeeds, AFileWithEnoughAccountsPassesTheCheck) {
    const auto [code, err] = run_with_tokens(3);
    EXPECT_EQ(code, 2);
    EXPECT_EQ(err.find("holds"), std::string::npos) << err;
    EXPECT_NE(err.find("cannot reach the target"), std::string::npos) << err;
}

}  // namespace
}  // namespace mxc::app
