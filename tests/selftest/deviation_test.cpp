// Verdicts that hold on a server unlike ours (issue 9): under the reference server's deviations,
// failures say what the server did, a missing message is proven missing by a sentinel, waits are
// paced, and limit cases judge the limit whatever the first since token does.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "selftest/run_mxconform.hpp"

namespace mxc::test {

namespace {

using json = nlohmann::json;

// The case entries of a run's index.json, by id.
std::map<std::string, json> cases_of(const run_outcome& r) {
    std::map<std::string, json> out;
    if (r.index.is_object() && r.index.contains("cases"))
        for (const auto& c : r.index["cases"]) out[c["id"].get<std::string>()] = c;
    return out;
}

run_outcome run_cases(const std::vector<std::string>& faults, const std::vector<std::string>& ids) {
    std::vector<std::string> args{"--strict"};
    for (const auto& f : faults) {
        args.push_back("--ref-fault");
        args.push_back(f);
    }
    for (const auto& id : ids) {
        args.push_back("--cases");
        args.push_back(id);
    }
    return run_mxconform(args);
}

const json& verdict_of(const std::map<std::string, json>& cases, const std::string& id) {
    static const json none = json{{"verdict", "not run"}, {"actual", ""}};
    auto it = cases.find(id);
    return it == cases.end() ? none : it->second;
}

}  // namespace

TEST(selftest, limit_cases_fail_on_a_server_with_a_static_first_token_and_no_limit) {
    // With the first token useless and no limit, an empty first response must not make a
    // limit case pass: each judges a non-empty batch.
    const std::vector<std::string> limit_cases{
        "to_device.limit.150_pending", "to_device.limit.recommended_100",
        "to_device.limit.250_over_several_syncs", "to_device.limit.next_sync_returns_at_once"};
    auto r = run_cases({"static-initial-token", "no-limit"}, {"to_device.limit.*"});
    const auto cases = cases_of(r);
    for (const auto& id : limit_cases) {
        const auto& c = verdict_of(cases, id);
        EXPECT_TRUE(c["verdict"] == "fail" || c["verdict"] == "non-strict")
            << id << " was " << c["verdict"] << "\n"
            << r.output;
    }
}

TEST(selftest, a_since_that_is_not_listed_from_is_named_as_such) {
    auto r = run_cases({"static-initial-token"}, {"to_device.ack.since_from_before_lists_pending"});
    const auto cases = cases_of(r);
    const auto& c = verdict_of(cases, "to_device.ack.since_from_before_lists_pending");
    EXPECT_EQ(c["verdict"], "fail") << r.output;
    const auto actual = c["actual"].get<std::string>();
    EXPECT_NE(actual.find("answered"), std::string::npos) << actual;
    EXPECT_NE(actual.find("only after following next_batch"), std::string::npos) << actual;

    // Paced: a server that answers every /sync at once sees a few requests a second, not
    // thousands ("after N /sync responses in T ms").
    std::smatch m;
    const std::regex counted(R"(after (\d+) /sync responses in (\d+) ms)");
    ASSERT_TRUE(std::regex_search(actual, m, counted)) << actual;
    const double responses = std::stod(m[1]), ms = std::stod(m[2]);
    EXPECT_LE(responses, 10 + ms / 1000 * 2) << actual;
}

TEST(selftest, a_lost_message_is_proven_missing_by_a_sentinel) {
    // delete-on-delivery: the initial /sync deletes what it lists, so the earlier since no
    // longer lists it; a sentinel sent afterwards is listed, which proves it gone, not late.
    auto r = run_cases({"delete-on-delivery"}, {"to_device.ack.since_from_before_lists_pending"});
    const auto cases = cases_of(r);
    const auto& c = verdict_of(cases, "to_device.ack.since_from_before_lists_pending");
    EXPECT_EQ(c["verdict"], "fail") << r.output;
    const auto actual = c["actual"].get<std::string>();
    EXPECT_NE(actual.find("sentinel"), std::string::npos) << actual;
    EXPECT_NE(actual.find("missing, not late"), std::string::npos) << actual;
}

TEST(selftest, a_server_that_lists_nothing_is_named_as_such) {
    auto r = run_cases({"black-hole"}, {"to_device.send.*"});
    const auto cases = cases_of(r);
    ASSERT_FALSE(cases.empty()) << r.output;
    int named = 0;
    for (const auto& [id, c] : cases)
        if (c["actual"].get<std::string>().find("nothing was listed") != std::string::npos) ++named;
    EXPECT_GT(named, 0) << r.output;
}

}  // namespace mxc::test
