#include "app/config.hpp"

#include <filesystem>

#include "refserver/faults.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace mxc::app {

namespace {

std::string at(const std::filesystem::path& f, const YAML::Node& n) {
    return fmt::format("{}:{}:{}", f.string(), n.Mark().line + 1, n.Mark().column + 1);
}

template <class T>
T value(const std::filesystem::path& f, const YAML::Node& n, const std::string& key) {
    try {
        return n.as<T>();
    } catch (const YAML::Exception&) {
        throw std::runtime_error(
            fmt::format("{}: '{}' has a value of the wrong type", at(f, n), key));
    }
}

std::vector<std::string> list(const std::filesystem::path& f, const YAML::Node& n,
                              const std::string& key) {
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence())
        throw std::runtime_error(fmt::format("{}: '{}' must be a list", at(f, n), key));
    std::vector<std::string> out;
    for (const auto& x : n) out.push_back(value<std::string>(f, x, key));
    return out;
}

// What parse_register and parse_ref_faults throw: a value that is not one of the choices.
struct flag_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A value's typed form, or its error at the value's file:line:column.
template <class F>
auto typed(const std::filesystem::path& f, const YAML::Node& n, F parse) {
    try {
        return parse();
    } catch (const flag_error& e) {
        throw std::runtime_error(fmt::format("{}: {}", at(f, n), e.what()));
    }
}

}  // namespace

matrix::registration parse_register(std::string_view text) {
    try {
        return matrix::registration::parse(text);
    } catch (const std::invalid_argument& e) {
        throw flag_error(std::string("--register: ") + e.what());
    }
}

std::vector<refserver::fault> parse_ref_faults(const std::vector<std::string>& names) {
    std::vector<refserver::fault> out;
    for (const auto& name : names) {
        auto f = refserver::parse_fault(name);
        if (!f)
            throw flag_error("--ref-fault: unknown fault '" + name +
                             "' (see mxconform serve --help)");
        out.push_back(*f);
    }
    return out;
}

void load_profile(const std::filesystem::path& file, run_config& c) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const YAML::BadFile&) {
        throw std::runtime_error(file.string() + ": cannot read the profile");
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(
            fmt::format("{}:{}:{}: {}", file.string(), e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    if (root.IsNull()) return;
    if (!root.IsMap())
        throw std::runtime_error(at(file, root) + ": a profile is a map of settings");
    for (const auto& kv : root) {
        const auto key = kv.first.as<std::string>();
        const auto& v = kv.second;
        if (key == "target")
            c.target = value<std::string>(file, v, key);
        else if (key == "server-name")
            c.server_name = value<std::string>(file, v, key);
        else if (key == "register")
            c.registration =
                typed(file, v, [&] { return parse_register(value<std::string>(file, v, key)); });
        else if (key == "prefix")
            c.prefix = value<std::string>(file, v, key);
        else if (key == "cases")
            c.cases = list(file, v, key);
        else if (key == "exclude")
            c.exclude = list(file, v, key);
        else if (key == "jobs")
            c.jobs = value<int>(file, v, key);
        else if (key == "timeout-scale")
            c.timeout_scale = value<double>(file, v, key);
        else if (key == "strict")
            c.strict = value<bool>(file, v, key);
        else if (key == "expectations")
            c.expectations = value<std::string>(file, v, key);
        else if (key == "report-dir")
            c.report_dir = value<std::string>(file, v, key);
        else if (key == "verbose")
            c.verbose = value<bool>(file, v, key);
        else if (key == "no-color")
            c.no_color = value<bool>(file, v, key);
        else if (key == "ref-fault")
            c.ref_faults = typed(file, v, [&] { return parse_ref_faults(list(file, v, key)); });
        else if (key == "suites")
            c.suites_dir = value<std::string>(file, v, key);
        else if (key == "specs")
            c.specs_dir = value<std::string>(file, v, key);
        else if (key == "body-limit")
            c.body_limit = value<std::size_t>(file, v, key);
        else if (key == "request-timeout-ms")
            c.request_timeout_ms = value<int>(file, v, key);
        else if (key == "connect-timeout-ms")
            c.connect_timeout_ms = value<int>(file, v, key);
        else if (key == "federation")
            c.federation = value<std::string>(file, v, key);
        else if (key == "federation-url")
            c.federation_url = value<std::string>(file, v, key);
        else if (key == "target-ca")
            c.target_ca = value<std::string>(file, v, key);
        else if (key == "insecure-federation")
            c.insecure_federation = value<bool>(file, v, key);
        else if (key == "ca-dir")
            c.ca_dir = value<std::string>(file, v, key);
        else
            throw std::runtime_error(fmt::format(
                "{}: unknown setting '{}' (see mxconform run --help)", at(file, kv.first), key));
    }
}

void validate(const run_config& c) {
    if (c.jobs < 1 || c.jobs > 64)
        throw std::runtime_error(fmt::format("--jobs must be 1..64, not {}", c.jobs));
    if (!(c.timeout_scale > 0 && c.timeout_scale <= 100))
        throw std::runtime_error(
            fmt::format("--timeout-scale must be in (0, 100], not {}", c.timeout_scale));
    if (c.prefix != "auto" && c.prefix != "r0" && c.prefix != "v3")
        throw std::runtime_error("--prefix must be auto, r0 or v3, not '" + c.prefix + "'");
    if (!c.target.empty() && !c.target.starts_with("http://") && !c.target.starts_with("https://"))
        throw std::runtime_error("--target must be an http:// or https:// URL, not '" + c.target +
                                 "'");
    if (!c.target.empty() && !c.ref_faults.empty())
        throw std::runtime_error(
            "--ref-fault applies to the embedded server only; drop --target or --ref-fault");
    if (c.request_timeout_ms < 100 || c.connect_timeout_ms < 100)
        throw std::runtime_error("timeouts must be at least 100 ms");
    if (c.federation != "on" && c.federation != "off")
        throw std::runtime_error("--federation must be on or off, not '" + c.federation + "'");
    if (!c.federation_url.empty() && !c.federation_url.starts_with("https://"))
        throw std::runtime_error("--federation-url must be an https:// URL (federation is HTTPS only), not '" +
                                 c.federation_url + "'");
    if (c.target.empty() && (!c.federation_url.empty() || !c.target_ca.empty() || c.insecure_federation))
        throw std::runtime_error(
            "--federation-url, --target-ca and --insecure-federation apply to a live --target only");
    if (!c.target_ca.empty() && c.insecure_federation)
        throw std::runtime_error("--target-ca and --insecure-federation contradict each other; pick one");
    if (!c.target_ca.empty() && !std::filesystem::is_regular_file(c.target_ca))
        throw std::runtime_error("--target-ca: no such file '" + c.target_ca + "'");
}

std::string print_config(const run_config& c) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "target" << YAML::Value << c.target;
    out << YAML::Key << "server-name" << YAML::Value << c.server_name;
    out << YAML::Key << "register" << YAML::Value
        << (c.registration ? c.registration->describe() : std::string());
    out << YAML::Key << "prefix" << YAML::Value << c.prefix;
    out << YAML::Key << "cases" << YAML::Value << YAML::Flow << c.cases;
    out << YAML::Key << "exclude" << YAML::Value << YAML::Flow << c.exclude;
    out << YAML::Key << "jobs" << YAML::Value << c.jobs;
    out << YAML::Key << "timeout-scale" << YAML::Value << c.timeout_scale;
    out << YAML::Key << "strict" << YAML::Value << c.strict;
    out << YAML::Key << "expectations" << YAML::Value << c.expectations;
    out << YAML::Key << "report-dir" << YAML::Value << c.report_dir;
    out << YAML::Key << "verbose" << YAML::Value << c.verbose;
    out << YAML::Key << "no-color" << YAML::Value << c.no_color;
    std::vector<std::string> faults;
    for (auto f : c.ref_faults) faults.emplace_back(refserver::fault_name(f));
    out << YAML::Key << "ref-fault" << YAML::Value << YAML::Flow << faults;
    out << YAML::Key << "suites" << YAML::Value << c.suites_dir;
    out << YAML::Key << "specs" << YAML::Value << c.specs_dir;
    out << YAML::Key << "body-limit" << YAML::Value << c.body_limit;
    out << YAML::Key << "request-timeout-ms" << YAML::Value << c.request_timeout_ms;
    out << YAML::Key << "connect-timeout-ms" << YAML::Value << c.connect_timeout_ms;
    out << YAML::Key << "federation" << YAML::Value << c.federation;
    out << YAML::Key << "federation-url" << YAML::Value << c.federation_url;
    out << YAML::Key << "target-ca" << YAML::Value << c.target_ca;
    out << YAML::Key << "insecure-federation" << YAML::Value << c.insecure_federation;
    out << YAML::Key << "ca-dir" << YAML::Value << c.ca_dir;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace mxc::app
