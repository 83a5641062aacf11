#include "core/expectations.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace mxc::core {

namespace {
std::string at(const std::filesystem::path& file, const YAML::Mark& m) {
    return fmt::format("{}:{}:{}", file.string(), m.line + 1, m.column + 1);
}
}  // namespace

std::map<std::string, expectation_entry> load_expectations(const std::filesystem::path& file) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const YAML::BadFile&) {
        throw std::runtime_error(
            fmt::format("{}: cannot read the expectations file", file.string()));
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(fmt::format("{}: {}", at(file, e.mark), e.msg));
    }
    std::map<std::string, expectation_entry> out;
    if (root.IsNull()) return out;
    if (!root.IsMap())
        throw std::runtime_error(at(file, root.Mark()) +
                                 ": expected a map of case id -> {expect, reason}");
    for (const auto& kv : root) {
        const auto id = kv.first.as<std::string>();
        const auto& v = kv.second;
        if (!v.IsMap())
            throw std::runtime_error(
                fmt::format("{}: '{}': expected {{expect, reason}}", at(file, v.Mark()), id));
        expectation_entry e;
        e.line = kv.first.Mark().line + 1;
        for (const auto& field : v) {
            const auto key = field.first.as<std::string>();
            if (key == "expect") {
                const auto kind = field.second.as<std::string>("");
                if (kind == "expected-fail")
                    e.kind = expectation::expected_fail;
                else if (kind == "skip")
                    e.kind = expectation::skip;
                else
                    throw std::runtime_error(
                        fmt::format("{}: '{}': expect must be expected-fail or skip, not '{}'",
                                    at(file, field.second.Mark()), id, kind));
            } else if (key == "reason") {
                // `reason: ~` is no reason (yaml-cpp would read it as the text "null").
                if (field.second.IsScalar())
                    e.reason = field.second.Scalar();
                else if (!field.second.IsNull())
                    throw std::runtime_error(fmt::format("{}: '{}': reason must be text",
                                                         at(file, field.second.Mark()), id));
            } else {
                throw std::runtime_error(fmt::format("{}: '{}': unknown key '{}' (expect, reason)",
                                                     at(file, field.first.Mark()), id, key));
            }
        }
        if (e.kind == expectation::none)
            throw std::runtime_error(
                fmt::format("{}: '{}': missing 'expect'", at(file, v.Mark()), id));
        // A reason says why (an issue, a version), so that the entry can be removed one day.
        if (e.reason.find_first_not_of(" \t") == std::string::npos)
            throw std::runtime_error(
                fmt::format("{}: '{}': a reason is required", at(file, v.Mark()), id));
        out[id] = e;
    }
    return out;
}

}  // namespace mxc::core
