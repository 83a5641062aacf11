// A tokens file serves many runs (issue #9 part 6): against the reference server, a second run
// with the same file, after messages were left for every account, still passes the delivery
// and device cases; the leftovers are drained (narrated in the transcripts) and the devices the
// cases logged in are logged out again, while the file's own device is never removed.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/account_needs.hpp"
#include "app/catalogue_loader.hpp"
#include "app/run_command.hpp"
#include "matrix/accounts.hpp"
#include "refserver/server.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

namespace http = net::http;
using namespace std::chrono_literals;
using matrix::account;

// The txn cases too: every txnId carries the run id, so a second run with the same accounts is
// not a retransmission of the first.
const std::vector<std::string> selection{"to_device.send.*", "to_device.devices.*",
                                         "to_device.txn.*"};

class tokens_reuse : public testing::Test {
  protected:
    void SetUp() override {
        refserver::config rc;
        rc.listen_port = 0;
        rc.registration_shared_secret = "s3cret";
        server_ = std::make_unique<refserver::server>(rc);
        server_->start();
    }

    // A tokens file with as many accounts as the cases need, registered on the server.
    void make_file(std::vector<std::string> cases, std::vector<std::string> exclude = {}) {
        cases_ = std::move(cases);
        exclude_ = std::move(exclude);
        const auto all = load_all_cases(default_suites_dir());
        matrix::provisioner p(matrix::registration::parse("shared-secret:s3cret"), "v3", 5s);
        std::string text;
        for (int i = 0; i < accounts_needed(all.select(cases_, exclude_)); ++i) {
            auto c = client();
            accounts_.push_back(p.register_account(c, "reuse" + std::to_string(i)));
            const auto& a = accounts_.back();
            text += "- {user_id: '" + a.user_id + "', access_token: '" + a.access_token +
                    "', device_id: '" + a.device_id + "', password: '" + a.password + "'}\n";
        }
        tokens_ = dir_.write("tokens.yaml", text);
    }

    matrix::client client(const std::string& token = {}) const {
        matrix::client c(server_->base_url(), {}, "test", {});
        c.set_token(token);
        return c;
    }

    // One run of the selection with the file; the verdicts by case id and every transcript.
    struct outcome {
        int exit_code = -1;
        std::map<std::string, std::string> verdicts;
        std::string transcripts;
        std::string err;
    };
    outcome run(const std::string& name) const {
        run_config cfg;
        cfg.target = server_->base_url();
        cfg.registration = matrix::registration::parse("tokens:" + tokens_.string());
        cfg.cases = cases_;
        cfg.exclude = exclude_;
        cfg.federation = "off";
        cfg.no_color = true;
        cfg.jobs = 2;
        cfg.report_dir = (dir_.path() / name).string();
        std::ostringstream out, err;
        outcome o;
        o.exit_code = run_command(cfg, out, err);
        o.err = err.str();
        std::ifstream index(dir_.path() / name / "index.json");
        const auto j = nlohmann::json::parse(index, nullptr, false);
        if (j.is_object() && j.contains("cases"))
            for (const auto& c : j["cases"]) o.verdicts[c.value("id", "")] = c.value("verdict", "");
        for (const auto& f :
             std::filesystem::recursive_directory_iterator(dir_.path() / name / "transcripts")) {
            std::ifstream in(f.path());
            o.transcripts += std::string(std::istreambuf_iterator<char>(in), {});
        }
        return o;
    }

    // What a server that never deletes keeps from an earlier run: one message for every
    // account's device, of the type and shape the delivery cases send.
    void leave_messages() {
        nlohmann::json messages = nlohmann::json::object();
        for (const auto& a : accounts_)
            messages[a.user_id][a.device_id] = {{"my_key", "left by an earlier run"}};
        auto c = client(accounts_.front().access_token);
        const auto r = c.call(http::verb::put, "/_matrix/client/v3/sendToDevice/my.test.type/left1",
                              {nlohmann::json{{"messages", messages}}, {}}, 5s);
        ASSERT_EQ(r.status, 200u) << r.raw;
    }

    std::size_t devices_of(const account& a) const {
        auto c = client(a.access_token);
        const auto r = c.call(http::verb::get, "/_matrix/client/v3/devices", {}, 5s);
        return r.is_json && r.body.contains("devices") ? r.body["devices"].size() : 0;
    }

    test::temp_dir dir_;
    std::unique_ptr<refserver::server> server_;
    std::vector<account> accounts_;
    std::filesystem::path tokens_;
    std::vector<std::string> cases_, exclude_;
};

TEST_F(tokens_reuse, a_second_run_with_the_same_file_passes_after_draining) {
    make_file(selection);
    const auto first = run("first");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    leave_messages();
    const auto second = run("second");
    EXPECT_EQ(second.exit_code, 0) << second.err;
    ASSERT_FALSE(second.verdicts.empty());
    // The judged cases pass again; the observed ones record what they saw, as in the first run.
    for (const auto& [id, verdict] : second.verdicts)
        EXPECT_EQ(verdict, first.verdicts.at(id)) << id;
    EXPECT_NE(second.transcripts.find("drained 1 leftover to-device messages of @reuse"),
              std::string::npos);
    EXPECT_NE(second.transcripts.find("logged out device "), std::string::npos);
    // Each account is left with the file's own device: the ones cases added are gone.
    for (const auto& a : accounts_) EXPECT_EQ(devices_of(a), 1u) << a.user_id;
}

TEST_F(tokens_reuse, the_files_own_device_is_never_logged_out) {
    make_file({"to_device.wildcard.user_without_devices"});
    const auto o = run("only");
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_EQ(o.verdicts.at("to_device.wildcard.user_without_devices"), "unsupported");
    for (const auto& a : accounts_) EXPECT_EQ(devices_of(a), 1u) << a.user_id;
}

}  // namespace
}  // namespace mxc::app
