// The run configuration: a YAML profile with the flags' names (unknown key: file:line:column),
// validation naming the flag, and print_config never showing the shared secret.
#include <gtest/gtest.h>

#include "app/config.hpp"
#include "core/temp_dir.hpp"

namespace mxc::app {
namespace {

using test::temp_dir;

std::string profile_error(const std::string& text) {
    temp_dir dir;
    const auto file = dir.write("p.yaml", text);
    run_config c;
    try {
        load_profile(file, c);
    } catch (const std::runtime_error& e) {
        std::string msg = e.what();
        if (msg.starts_with(file.string())) msg = "F" + msg.substr(file.string().size());
        return msg;
    }
    return "(loaded)";
}

std::string validate_error(const run_config& c) {
    try {
        validate(c);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(valid)";
}

TEST(Profile, GoodProfileSetsEveryField) {
    temp_dir dir;
    const auto file = dir.write("p.yaml", R"(target: http://127.0.0.1:8008
server-name: example.org
register: open
prefix: r0
cases: [to_device.send.*, to_device.ack.*]
exclude: to_device.wake.*
jobs: 2
timeout-scale: 1.5
strict: true
expectations: exp.yaml
report-dir: out
verbose: true
no-color: true
suites: s
specs: p
body-limit: 100
request-timeout-ms: 700
connect-timeout-ms: 300
)");
    run_config c;
    load_profile(file, c);
    EXPECT_EQ(c.target, "http://127.0.0.1:8008");
    EXPECT_EQ(c.server_name, "example.org");
    ASSERT_TRUE(c.registration);
    EXPECT_EQ(c.registration->how, matrix::registration::method::open);
    EXPECT_EQ(c.prefix, "r0");
    EXPECT_EQ(c.cases, (std::vector<std::string>{"to_device.send.*", "to_device.ack.*"}));
    EXPECT_EQ(c.exclude, std::vector<std::string>{"to_device.wake.*"});
    EXPECT_EQ(c.jobs, 2);
    EXPECT_DOUBLE_EQ(c.timeout_scale, 1.5);
    EXPECT_TRUE(c.strict);
    EXPECT_EQ(c.expectations, "exp.yaml");
    EXPECT_EQ(c.report_dir, "out");
    EXPECT_TRUE(c.verbose);
    EXPECT_TRUE(c.no_color);
    EXPECT_EQ(c.suites_dir, "s");
    EXPECT_EQ(c.specs_dir, "p");
    EXPECT_EQ(c.body_limit, 100u);
    EXPECT_EQ(c.request_timeout_ms, 700);
    EXPECT_EQ(c.connect_timeout_ms, 300);
    EXPECT_NO_THROW(validate(c));
}

TEST(Profile, EmptyProfileKeepsDefaults) {
    temp_dir dir;
    run_config c;
    load_profile(dir.write("p.yaml", "# nothing\n"), c);
    EXPECT_EQ(c.jobs, 4);
    EXPECT_EQ(c.prefix, "auto");
    EXPECT_NO_THROW(validate(c));
}

TEST(Profile, UnknownKeyNamesFileLineColumn) {
    EXPECT_EQ(profile_error("jobs: 2\nthreads: 4\n"),
              "F:2:1: unknown setting 'threads' (see mxconform run --help)");
}

TEST(Profile, WrongTypeNamesFileLineColumn) {
    EXPECT_EQ(profile_error("jobs: many\n"), "F:1:7: 'jobs' has a value of the wrong type");
    EXPECT_EQ(profile_error("strict: perhaps\n"), "F:1:9: 'strict' has a value of the wrong type");
    EXPECT_EQ(profile_error("cases: {a: b}\n"), "F:1:8: 'cases' must be a list");
    EXPECT_EQ(profile_error("- jobs\n"), "F:1:1: a profile is a map of settings");
}

TEST(Profile, SyntaxErrorNamesFileLineColumn) {
    const auto msg = profile_error("jobs: [2\n");
    EXPECT_TRUE(msg.starts_with("F:")) << msg;
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(msg[2]))) << msg;
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
    c.registration = parse_register("tokens:accounts.yaml");
    EXPECT_EQ(validate_error(c), "(valid)");
    c = {};
    c.target = "localhost:8008";
    EXPECT_TRUE(validate_error(c).starts_with("--target must be an http:// or https:// URL"));
    c.target = "https://matrix.example.org";
    EXPECT_EQ(validate_error(c), "(valid)");
    c.ref_faults = {refserver::fault::no_wake};
    EXPECT_TRUE(validate_error(c).starts_with("--ref-fault applies to the embedded server only"));
    c = {};
    c.request_timeout_ms = 99;
    EXPECT_EQ(validate_error(c), "timeouts must be at least 100 ms");
    c = {};
    c.connect_timeout_ms = 0;
    EXPECT_EQ(validate_error(c), "timeouts must be at least 100 ms");
}

// --register and --ref-fault are parsed once, into typed values, by the flag and profile readers.
TEST(Parse, RegisterAndRefFaultErrorsNameTheFlag) {
    auto error = [](auto f) {
        try {
            f();
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("(parsed)");
    };
    EXPECT_EQ(error([] { parse_register("bogus"); }),
              "--register: expected shared-secret:SECRET, open or tokens:FILE, not 'bogus'");
    EXPECT_EQ(error([] { parse_register("shared-secret:"); }),
              "--register: expected shared-secret:SECRET, open or tokens:FILE, not "
              "'shared-secret:'");
    EXPECT_EQ(error([] { parse_register("tokens:"); }),
              "--register: expected shared-secret:SECRET, open or tokens:FILE, not 'tokens:'");
    EXPECT_EQ(error([] {
                  parse_ref_faults({"no-wake", "no-such"});
              }),
              "--ref-fault: unknown fault 'no-such' (see mxconform serve --help)");
    EXPECT_EQ(parse_ref_faults({"no-wake"}), std::vector{refserver::fault::no_wake});
    EXPECT_EQ(profile_error("register: \"shared-secret:\"\n"),
              "F:1:11: --register: expected shared-secret:SECRET, open or tokens:FILE, not "
              "'shared-secret:'");
    EXPECT_EQ(profile_error("ref-fault: [no-wake, nope]\n"),
              "F:1:12: --ref-fault: unknown fault 'nope' (see mxconform serve --help)");
}

TEST(PrintConfig, RedactsTheSharedSecret) {
    run_config c;
    c.target = "http://127.0.0.1:8008";
    c.registration = parse_register("shared-secret:s3cr3t-value");
    c.cases = {"to_device.*"};
    const auto text = print_config(c);
    EXPECT_EQ(text.find("s3cr3t-value"), std::string::npos) << text;
    EXPECT_NE(text.find("register: shared-secret:<redacted>"), std::string::npos) << text;
    EXPECT_NE(text.find("target: http://127.0.0.1:8008"), std::string::npos) << text;
}

TEST(PrintConfig, RoundTripsThroughLoadProfile) {
    run_config c;
    c.target = "http://127.0.0.1:8008";
    c.registration = parse_register("open");
    c.cases = {"to_device.send.*"};
    c.exclude = {"to_device.wake.*", "to_device.limit.*"};
    c.jobs = 3;
    c.strict = true;
    c.request_timeout_ms = 1234;
    temp_dir dir;
    run_config back;
    load_profile(dir.write("p.yaml", print_config(c)), back);
    EXPECT_EQ(back.target, c.target);
    ASSERT_TRUE(back.registration);
    EXPECT_EQ(back.registration->describe(), c.registration->describe());
    EXPECT_EQ(back.cases, c.cases);
    EXPECT_EQ(back.exclude, c.exclude);
    EXPECT_EQ(back.jobs, 3);
    EXPECT_TRUE(back.strict);
    EXPECT_EQ(back.request_timeout_ms, 1234);
    EXPECT_EQ(back.prefix, "auto");
}

}  // namespace
}  // namespace mxc::app
