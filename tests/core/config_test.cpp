// The run configuration (issue 8, "Settings as one table"): every setting through a profile and
// through a flag, read back through --print-config; errors naming file:line:column or the flag;
// the secret never shown.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "app/config.hpp"
#include "app/run_settings.hpp"
#include "app/settings_cli.hpp"
#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mxc::app {
namespace {

using test::temp_dir;
using run_line = settings::command_line<run_config>;

// A value other than the default for every setting: how a profile and a flag give it, and
// how --print-config shows it back.
struct sample {
    std::string yaml;                // the profile's value
    std::vector<std::string> flags;  // the command line's words
    std::string printed;             // the value in --print-config (flow list for repeatables)
};

std::map<std::string, sample> samples(const std::string& ca_file) {
    return {
        {"target",
         {"http://127.0.0.1:8008", {"--target", "http://127.0.0.1:8008"}, "http://127.0.0.1:8008"}},
        {"server-name", {"example.org", {"--server-name", "example.org"}, "example.org"}},
        {"register",
         {"shared-secret:hunter2",
          {"--register", "shared-secret:hunter2"},
          "shared-secret:<redacted>"}},
        {"prefix", {"r0", {"--prefix", "r0"}, "r0"}},
        {"cases",
         {"[to_device.send.*, to_device.ack.*]",
          {"--cases", "to_device.send.*", "--cases", "to_device.ack.*"},
          "[to_device.send.*, to_device.ack.*]"}},
        {"exclude",
         {"[to_device.wake.*]", {"--exclude", "to_device.wake.*"}, "[to_device.wake.*]"}},
        {"jobs", {"2", {"--jobs", "2"}, "2"}},
        {"timeout-scale", {"1.5", {"--timeout-scale", "1.5"}, "1.5"}},
        {"strict", {"true", {"--strict"}, "true"}},
        {"expectations", {"exp.yaml", {"--expectations", "exp.yaml"}, "exp.yaml"}},
        {"baseline", {"base.jsonl", {"--baseline", "base.jsonl"}, "base.jsonl"}},
        {"write-baseline", {"new.jsonl", {"--write-baseline", "new.jsonl"}, "new.jsonl"}},
        {"baseline-format", {"complement", {"--baseline-format", "complement"}, "complement"}},
        {"report-dir", {"out", {"--report-dir", "out"}, "out"}},
        {"verbose", {"yes", {"--verbose"}, "true"}},
        {"no-color", {"true", {"--no-color=true"}, "true"}},
        {"ref-fault",
         {"[reorder, no-wake]",
          {"--ref-fault", "reorder", "--ref-fault", "no-wake"},
          "[reorder, no-wake]"}},
        {"suites", {"s", {"--suites", "s"}, "s"}},
        {"specs", {"p", {"--specs", "p"}, "p"}},
        {"body-limit", {"100", {"--body-limit", "100"}, "100"}},
        {"request-timeout-ms", {"700", {"--request-timeout-ms", "700"}, "700"}},
        {"connect-timeout-ms", {"300", {"--connect-timeout-ms", "300"}, "300"}},
        {"federation", {"off", {"--federation", "off"}, "off"}},
        {"federation-url",
         {"https://127.0.0.1:8448",
          {"--federation-url", "https://127.0.0.1:8448"},
          "https://127.0.0.1:8448"}},
        {"target-ca", {ca_file, {"--target-ca", ca_file}, ca_file}},
        {"insecure-federation", {"true", {"--insecure-federation"}, "true"}},
        {"ca-dir", {"ca", {"--ca-dir", "ca"}, "ca"}},
        {"restart-cmd",
         {"systemctl restart synapse",
          {"--restart-cmd", "systemctl restart synapse"},
          "systemctl restart synapse"}},
    };
}

// `mxconform run ARGS` as main wires it: the merged config, or what --print-config printed.
struct resolved {
    std::optional<run_config> config;
    std::string printed;
};
resolved resolve(std::vector<std::string> args) {
    CLI::App app;
    auto* run = app.add_subcommand("run");
    const run_line line(*run, run_settings(), run_line::profile::allowed);
    args.insert(args.begin(), "run");
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    app.parse(args);
    std::ostringstream out;
    resolved r;
    r.config = line.resolve(out);
    r.printed = out.str();
    return r;
}

// --print-config's text as key -> the value's text (a flow list kept as written); the notes after
// the profile are YAML comments.
std::map<std::string, std::string> printed_values(const std::string& text) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (const auto colon = line.find(": ");
            !line.starts_with('#') && colon != std::string::npos)
            out[line.substr(0, colon)] = line.substr(colon + 2);
    return out;
}

void expect_every_sample(const std::string& printed, const std::map<std::string, sample>& s) {
    const auto values = printed_values(printed);
    const auto defaults = printed_values(run_settings().print(run_config{}));
    EXPECT_EQ(values.size(), s.size()) << printed;
    for (const auto& [key, want] : s) {
        ASSERT_TRUE(values.count(key)) << key << "\n" << printed;
        EXPECT_EQ(values.at(key), want.printed) << key;
        EXPECT_NE(values.at(key), defaults.at(key)) << key << ": the sample is the default";
    }
}

std::string profile_error(const std::string& text) {
    return test::error_loading("p.yaml", text, [](const auto& file) {
        run_config c;
        run_settings().load_profile(file, c);
    });
}

std::string flag_error(const std::vector<std::string>& args) {
    try {
        resolve(args);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(parsed)";
}

std::string validate_error(const run_config& c) {
    try {
        validate(c);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(valid)";
}

TEST(RunSettings, TheSamplesCoverEveryEntry) {
    std::set<std::string> names, sampled;
    for (const auto& s : run_settings().entries()) names.insert(s.name);
    for (const auto& [key, s] : samples("ca.pem")) sampled.insert(key);
    EXPECT_EQ(names, sampled) << "a new setting needs a sample here";
}

TEST(RunSettings, EverySettingThroughAProfileShowsInPrintConfig) {
    temp_dir dir;
    const auto ca = dir.write("ca.pem", "PEM").string();
    const auto s = samples(ca);
    std::string profile;
    for (const auto& [key, v] : s) profile += key + ": " + v.yaml + "\n";
    const auto r = resolve({"--config", dir.write("p.yaml", profile).string(), "--print-config"});
    EXPECT_FALSE(r.config);
    EXPECT_EQ(r.printed.find("hunter2"), std::string::npos) << r.printed;
    expect_every_sample(r.printed, s);
}

TEST(RunSettings, EverySettingThroughAFlagShowsInPrintConfig) {
    temp_dir dir;
    const auto ca = dir.write("ca.pem", "PEM").string();
    const auto s = samples(ca);
    std::vector<std::string> args{"--print-config"};
    for (const auto& [key, v] : s) args.insert(args.end(), v.flags.begin(), v.flags.end());
    const auto r = resolve(args);
    expect_every_sample(r.printed, s);
}

TEST(RunSettings, ProfileAndFlagsGiveTheTypedValues) {
    temp_dir dir;
    const auto profile = dir.write("p.yaml",
                                   "register: shared-secret:hunter2\nref-fault: reorder\n"
                                   "federation: \"off\"\njobs: 3\nstrict: true\n");
    const auto c = *resolve({"--config", profile.string(), "--jobs", "2"}).config;
    ASSERT_TRUE(c.registration);
    EXPECT_EQ(c.registration->how, matrix::registration::method::shared_secret);
    EXPECT_EQ(c.registration->shared_secret, "hunter2");
    EXPECT_EQ(c.ref_faults, std::vector{refserver::fault::reorder});
    EXPECT_EQ(c.federation, "off");
    EXPECT_EQ(c.jobs, 2) << "a flag overrides the profile";
    EXPECT_TRUE(c.strict);
}

TEST(RunSettings, FlagsOverrideTheProfileWholeListsAndSwitchesToo) {
    temp_dir dir;
    const auto profile = dir.write(
        "p.yaml", "cases: [a.*, b.*]\nstrict: true\nfederation: \"off\"\nregister: open\n");
    const auto c = *resolve({"--config", profile.string(), "--cases", "c.*", "--strict=false",
                             "--federation", "on", "--register", "tokens:t.yaml"})
                        .config;
    EXPECT_EQ(c.cases, std::vector<std::string>{"c.*"});
    EXPECT_FALSE(c.strict);
    EXPECT_EQ(c.federation, "on");
    ASSERT_TRUE(c.registration);
    EXPECT_EQ(c.registration->tokens_file, "t.yaml");
}

TEST(RunSettings, NothingGivenKeepsTheDefaults) {
    temp_dir dir;
    const auto c = *resolve({"--config", dir.write("p.yaml", "# nothing\n").string()}).config;
    EXPECT_EQ(c.jobs, 4);
    EXPECT_EQ(c.prefix, "auto");
    EXPECT_FALSE(c.registration);
    EXPECT_NO_THROW(validate(c));
}

TEST(RunSettings, ProfileErrorsNameFileLineColumn) {
    EXPECT_EQ(profile_error("jobs: 2\nthreads: 4\n"),
              "F:2:1: unknown setting 'threads' (see mxconform run --help)");
    EXPECT_EQ(profile_error("jobs: many\n"), "F:1:7: jobs: 'many' is not a whole number");
    EXPECT_EQ(profile_error("jobs: 0\n"), "F:1:7: jobs must be 1..64, not 0");
    EXPECT_EQ(profile_error("strict: perhaps\n"), "F:1:9: strict: 'perhaps' is not true or false");
    EXPECT_EQ(profile_error("cases: {a: b}\n"), "F:1:8: cases must be a list");
    EXPECT_EQ(profile_error("jobs: [1, 2]\n"), "F:1:7: jobs must be a single value");
    EXPECT_EQ(profile_error("target:\n"), "F:1:1: target needs a value");
    EXPECT_EQ(profile_error("prefix: r9\n"), "F:1:9: prefix must be auto, r0 or v3, not 'r9'");
    EXPECT_EQ(profile_error("ref-fault: [reorder, nope]\n"),
              "F:1:12: ref-fault: unknown fault 'nope' (see mxconform serve --help)");
    EXPECT_EQ(profile_error("register: bogus\n"),
              "F:1:11: register: expected shared-secret:SECRET, open or tokens:FILE, not 'bogus'");
    EXPECT_EQ(profile_error("- jobs\n"), "F:1:1: a profile is a map of settings");
}

TEST(RunSettings, ProfileSyntaxErrorNamesFileLineColumn) {
    const auto msg = profile_error("jobs: [2\n");
    EXPECT_TRUE(msg.starts_with("F:")) << msg;
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(msg[2]))) << msg;
}

TEST(RunSettings, FlagErrorsNameTheFlag) {
    EXPECT_EQ(flag_error({"--jobs", "four"}), "--jobs: 'four' is not a whole number");
    EXPECT_EQ(flag_error({"--jobs", "0"}), "--jobs must be 1..64, not 0");
    EXPECT_EQ(flag_error({"--register", "shared-secret:"}),
              "--register: expected shared-secret:SECRET, open or tokens:FILE, not "
              "'shared-secret:'");
    EXPECT_EQ(flag_error({"--ref-fault", "nope"}),
              "--ref-fault: unknown fault 'nope' (see mxconform serve --help)");
    EXPECT_EQ(flag_error({"--body-limit", "-1"}),
              "--body-limit: '-1' is not a whole number of 0 or more");
    EXPECT_EQ(flag_error({"--federation", "maybe"}), "--federation must be on or off, not 'maybe'");
}

TEST(Validate, EachRuleNamesItsFlag) {
    run_config c;
    EXPECT_EQ(validate_error(c), "(valid)");
    c.jobs = 0;
    EXPECT_EQ(validate_error(c), "--jobs must be 1..64, not 0");
    c.jobs = 65;
    EXPECT_EQ(validate_error(c), "--jobs must be 1..64, not 65");
    c = {};
    c.jobs = 1;
    EXPECT_EQ(validate_error(c), "(valid)");
    c.timeout_scale = 0;
    EXPECT_TRUE(validate_error(c).starts_with("--timeout-scale must be in (0, 100]"));
    c.timeout_scale = 101;
    EXPECT_TRUE(validate_error(c).starts_with("--timeout-scale"));
    c = {};
    c.prefix = "r9";
    EXPECT_EQ(validate_error(c), "--prefix must be auto, r0 or v3, not 'r9'");
    c = {};
    c.target = "localhost:8008";
    EXPECT_TRUE(validate_error(c).starts_with("--target must be an http:// or https:// URL"));
    c.target = "https://matrix.example.org";
    EXPECT_EQ(validate_error(c), "(valid)");
    c.ref_faults = {refserver::fault::no_wake};
    EXPECT_TRUE(validate_error(c).starts_with("--ref-fault applies to the embedded server only"));
    c = {};
    c.request_timeout_ms = 99;
    EXPECT_EQ(validate_error(c), "--request-timeout-ms must be at least 100, not 99");
    c = {};
    c.connect_timeout_ms = 0;
    EXPECT_EQ(validate_error(c), "--connect-timeout-ms must be at least 100, not 0");
    c = {};
    c.federation_url = "https://127.0.0.1:8448";
    EXPECT_TRUE(validate_error(c).starts_with("--federation-url, --target-ca and"));
    c.target = "https://matrix.example.org";
    EXPECT_EQ(validate_error(c), "(valid)");
    c.federation_url = "http://127.0.0.1:8448";
    EXPECT_TRUE(validate_error(c).starts_with("--federation-url must be an https:// URL"));
    c = {};
    c.target = "https://matrix.example.org";
    c.target_ca = "/no/such/ca.pem";
    EXPECT_EQ(validate_error(c), "--target-ca must name an existing file, not '/no/such/ca.pem'");
    c = {};
    c.restart_cmd = "true";
    EXPECT_TRUE(validate_error(c).starts_with("--restart-cmd applies to a live --target only"));
    c.target = "https://matrix.example.org";
    EXPECT_EQ(validate_error(c), "(valid)");
}

TEST(PrintConfig, RedactsTheSharedSecret) {
    run_config c;
    c.target = "http://127.0.0.1:8008";
    c.registration = matrix::registration::parse("shared-secret:s3cr3t-value");
    c.cases = {"to_device.*"};
    const auto text = run_settings().print(c);
    EXPECT_EQ(text.find("s3cr3t-value"), std::string::npos) << text;
    EXPECT_NE(text.find("register: shared-secret:<redacted>"), std::string::npos) << text;
    EXPECT_NE(text.find("target: http://127.0.0.1:8008"), std::string::npos) << text;
}

TEST(PrintConfig, RoundTripsThroughLoadProfile) {
    run_config c;
    c.target = "http://127.0.0.1:8008";
    c.registration = matrix::registration::parse("open");
    c.cases = {"to_device.send.*"};
    c.exclude = {"to_device.wake.*", "to_device.limit.*"};
    c.jobs = 3;
    c.strict = true;
    c.ref_faults = {refserver::fault::reorder};
    c.federation = "off";
    c.request_timeout_ms = 1234;
    temp_dir dir;
    run_config back;
    run_settings().load_profile(dir.write("p.yaml", run_settings().print(c)), back);
    EXPECT_EQ(back.target, c.target);
    ASSERT_TRUE(back.registration);
    EXPECT_EQ(back.registration->how, matrix::registration::method::open);
    EXPECT_EQ(back.cases, c.cases);
    EXPECT_EQ(back.exclude, c.exclude);
    EXPECT_EQ(back.jobs, 3);
    EXPECT_TRUE(back.strict);
    EXPECT_EQ(back.ref_faults, c.ref_faults);
    EXPECT_EQ(back.federation, "off");
    EXPECT_EQ(back.request_timeout_ms, 1234);
    EXPECT_EQ(back.prefix, "auto");
    EXPECT_FALSE(run_config{}.registration);
    run_config empty;
    run_settings().load_profile(dir.write("e.yaml", run_settings().print(run_config{})), empty);
    EXPECT_FALSE(empty.registration) << "an empty register reads back as not given";
}

}  // namespace
}  // namespace mxc::app
