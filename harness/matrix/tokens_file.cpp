#include "matrix/tokens_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace mxc::matrix {

namespace {

std::string at(const std::string& file, const YAML::Mark& m) {
    return fmt::format("{}:{}:{}", file, m.line + 1, m.column + 1);
}

account read_entry(const std::string& file, const YAML::Node& n) {
    const auto where = at(file, n.Mark());
    if (!n.IsMap())
        throw std::runtime_error(where + ": expected {user_id, access_token, device_id, password}");
    account a;
    for (const auto& kv : n) {
        const auto key = kv.first.as<std::string>();
        if (!kv.second.IsScalar() && !kv.second.IsNull())
            throw std::runtime_error(at(file, kv.second.Mark()) + ": '" + key +
                                     "' must be a string");
        const std::string value = kv.second.IsNull() ? "" : kv.second.Scalar();
        if (key == "user_id")
            a.user_id = value;
        else if (key == "access_token")
            a.access_token = value;
        else if (key == "device_id")
            a.device_id = value;
        else if (key == "password")
            a.password = value;
        else
            throw std::runtime_error(at(file, kv.first.Mark()) + ": unknown key '" + key + "'");
    }
    if (a.user_id.empty() || a.access_token.empty() || a.device_id.empty())
        throw std::runtime_error(where + ": user_id, access_token and device_id are required");
    return a;
}

}  // namespace

std::vector<account> read_tokens_file(const std::filesystem::path& path) {
    const auto file = path.string();
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::BadFile&) {
        throw std::runtime_error(file + ": cannot read the tokens file");
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(at(file, e.mark) + ": " + e.msg);
    }
    if (!root.IsSequence())
        throw std::runtime_error(
            file + ": expected a list of {user_id, access_token, device_id, password}");
    std::vector<account> out;
    for (const auto& n : root) out.push_back(read_entry(file, n));
    return out;
}

}  // namespace mxc::matrix
