// Restarting the target (issue 10, "Target restarts"): the embedded server restarts in-process
// on the same database (a queued message survives, and lose-on-restart makes it fail); a live
// target is restarted with --restart-cmd, which sees MXC_TARGET and MXC_SERVER_NAME; a command
// that fails or hangs is the case's one-line error; without it the cases are skipped.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/run_command.hpp"
#include "refserver/server.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

// A suite of its own, so the test does not depend on the shipped suites.
constexpr const char* suite = R"(suite: t.restart
spec: {doc: client-server, section: "Send-to-Device messaging / Server behaviour"}
cases:
  - id: t.restart.pending_survive
    title: A pending message is listed after a restart
    level: must
    caught_by: [lose-on-restart]
    requirement: A restart does not lose a message the server answered with 200.
    needs: [restart]
    actors: [alice, bob]
    steps:
      - since_token: {as: bob, save: {b0: next_batch}}
      - send_to_device: {as: alice, messages: {"${bob}": {"${bob.device}": {kept: 1}}}}
      - restart_target: {}
      - sync_until: {as: bob, since: "${b0}", until: {to_device_has: {content: {kept: 1}}}}
)";

constexpr const char* id = "t.restart.pending_survive";

struct outcome {
    int exit_code = -1;
    nlohmann::json result;  // the case's entry in index.json
    std::string transcript;
    std::string err;
};

class restart_test : public testing::Test {
  protected:
    restart_test() { dir_.write("suites/restart.yaml", suite); }

    run_config config() const {
        run_config cfg;
        cfg.suites_dir = (dir_.path() / "suites").string();
        cfg.federation = "off";
        cfg.no_color = true;
        cfg.report_dir = (dir_.path() / "report").string();
        return cfg;
    }

    // A live target: a reference server of the test's own, which the command cannot restart,
    // so a command that does nothing stands in for one that restarts it.
    run_config live(const std::string& restart_cmd) {
        refserver::config rc;
        rc.listen_port = 0;
        rc.registration_shared_secret = "s3cret";
        server_ = std::make_unique<refserver::server>(rc);
        server_->start();
        auto cfg = config();
        cfg.target = server_->base_url();
        cfg.registration = matrix::registration::parse("shared-secret:s3cret");
        cfg.restart_cmd = restart_cmd;
        return cfg;
    }

    outcome run(const run_config& cfg) const {
        std::ostringstream out, err;
        outcome o;
        o.exit_code = run_command(cfg, out, err);
        o.err = err.str();
        std::ifstream index(dir_.path() / "report" / "index.json");
        const auto j = nlohmann::json::parse(index, nullptr, false);
        if (j.is_object() && j.contains("cases"))
            for (const auto& c : j["cases"])
                if (c.value("id", "") == id) o.result = c;
        const auto transcript = dir_.path() / "report" / o.result.value("transcript", "none");
        if (std::filesystem::is_regular_file(transcript))
            o.transcript = test::read_text(transcript);
        return o;
    }

    test::temp_dir dir_;
    std::unique_ptr<refserver::server> server_;
};

TEST_F(restart_test, the_embedded_server_restarts_on_the_same_database) {
    const auto o = run(config());
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_EQ(o.result.value("verdict", ""), "pass") << o.result.dump(2);
    EXPECT_NE(o.transcript.find("stopped and started again on the same database"),
              std::string::npos)
        << o.transcript;
    EXPECT_NE(o.transcript.find("the target is back"), std::string::npos);
    EXPECT_TRUE(o.result["metrics"].contains("restart_ms")) << o.result.dump(2);
}

TEST_F(restart_test, lose_on_restart_makes_the_case_fail) {
    auto cfg = config();
    cfg.ref_faults = {refserver::fault::lose_on_restart};
    const auto o = run(cfg);
    EXPECT_EQ(o.exit_code, 1) << o.err;
    EXPECT_EQ(o.result.value("verdict", ""), "fail") << o.result.dump(2);
}

TEST_F(restart_test, restart_cmd_runs_with_the_target_in_its_environment) {
    const auto seen = dir_.path() / "seen.txt";
    const auto o =
        run(live("printf '%s %s' \"$MXC_TARGET\" \"$MXC_SERVER_NAME\" > '" + seen.string() + "'"));
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_EQ(o.result.value("verdict", ""), "pass") << o.result.dump(2);
    EXPECT_EQ(test::read_text(seen), server_->base_url() + " " + server_->server_name());
    EXPECT_NE(o.transcript.find("--restart-cmd finished in"), std::string::npos) << o.transcript;
}

TEST_F(restart_test, a_failing_restart_cmd_is_a_one_line_error) {
    const auto o = run(live("echo 'no such unit' >&2; exit 3"));
    EXPECT_EQ(o.result.value("verdict", ""), "error") << o.result.dump(2);
    EXPECT_EQ(o.result.value("error", ""),
              "--restart-cmd 'echo 'no such unit' >&2; exit 3' exited with 3: no such unit");
}

TEST_F(restart_test, a_hanging_restart_cmd_is_killed_at_its_bound) {
    auto cfg = live("sleep 60");
    cfg.timeout_scale = 0.01;  // the command's bound becomes 3 s
    const auto started = std::chrono::steady_clock::now();
    const auto o = run(cfg);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
    EXPECT_EQ(o.result.value("verdict", ""), "error") << o.result.dump(2);
    const auto error = o.result.value("error", "");
    EXPECT_TRUE(error.starts_with("--restart-cmd 'sleep 60' did not finish within 3 s")) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST_F(restart_test, without_restart_cmd_the_cases_are_skipped_with_the_reason) {
    const auto o = run(live(""));
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_EQ(o.result.value("verdict", ""), "skipped") << o.result.dump(2);
    EXPECT_EQ(o.result.value("reason", ""),
              "needs --restart-cmd (a command that restarts the target)");
}

}  // namespace
}  // namespace mxc::app
