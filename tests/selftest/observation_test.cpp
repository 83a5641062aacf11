// Issue 11, "Observations": every observed case ends with an observation, and the observation is
// deterministic: two runs against the same (clean reference) server give the same line.
#include <gtest/gtest.h>

#include <map>

#include "selftest/run_mxconform.hpp"

namespace mxc::test {

namespace {

using json = nlohmann::json;

std::vector<std::string> observed_case_args() {
    auto r = run_command({"list", "--json"});
    const auto list = json::parse(r.output, nullptr, false);
    EXPECT_TRUE(list.is_array()) << r.output;
    std::vector<std::string> args;
    if (!list.is_array()) return args;
    for (const auto& c : list)
        if (c["level"] == "observed") {
            args.push_back("--cases");
            args.push_back(c["id"].get<std::string>());
        }
    return args;
}

std::map<std::string, std::string> observations(const run_outcome& r) {
    std::map<std::string, std::string> out;
    EXPECT_TRUE(r.index.is_object()) << r.output;
    if (!r.index.is_object()) return out;
    for (const auto& c : r.index["cases"]) {
        const auto id = c["id"].get<std::string>();
        EXPECT_EQ(c["verdict"], "observed") << id << ": " << c["error"];
        EXPECT_FALSE(c["question"].get<std::string>().empty()) << id;
        out[id] = c["observation"].get<std::string>();
    }
    return out;
}

}  // namespace

TEST(selftest, every_observed_case_ends_with_an_observation_that_a_second_run_repeats) {
    const auto args = observed_case_args();
    ASSERT_GE(args.size() / 2, 20u) << "one probe per open question (issue 11)";
    const auto first = observations(run_mxconform(args));
    ASSERT_EQ(first.size(), args.size() / 2);
    for (const auto& [id, line] : first) {
        EXPECT_FALSE(line.empty()) << id;
        // key=value parts, space-separated, so tools and baselines can split it.
        EXPECT_EQ(line.find("  "), std::string::npos) << id << ": " << line;
        EXPECT_NE(line.find('='), std::string::npos) << id << ": " << line;
    }
    EXPECT_EQ(observations(run_mxconform(args)), first);
}

}  // namespace mxc::test
