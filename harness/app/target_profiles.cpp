#include "app/target_profiles.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

namespace mxc::app {

namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const YAML::Mark& at,
                       const std::string& what) {
    throw std::runtime_error(
        fmt::format("{}:{}:{}: {}", file.string(), at.line + 1, at.column + 1, what));
}

std::string text(const std::filesystem::path& file, const YAML::Node& n, const std::string& key) {
    if (!n.IsScalar()) fail(file, n.Mark(), "'" + key + "' is text");
    return n.as<std::string>();
}

target_profile load_one(const std::filesystem::path& file) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
        fail(file, e.mark, e.msg);
    }
    if (!root.IsMap())
        fail(file, root.Mark(), "a target profile is a map {name, detect, config, fixes}");
    target_profile p;
    p.file = file;
    for (const auto& kv : root) {
        const auto key = kv.first.as<std::string>();
        if (key == "name") {
            p.name = text(file, kv.second, key);
        } else if (key == "config") {
            p.config = text(file, kv.second, key);
        } else if (key == "detect") {
            if (!kv.second.IsSequence()) fail(file, kv.second.Mark(), "'detect' is a list of text");
            for (const auto& d : kv.second) p.detect.push_back(text(file, d, key));
        } else if (key == "fixes") {
            if (!kv.second.IsMap()) fail(file, kv.second.Mark(), "'fixes' maps check ids to text");
            for (const auto& f : kv.second)
                p.fixes[f.first.as<std::string>()] = text(file, f.second, "fixes");
        } else {
            fail(file, kv.first.Mark(),
                 "unknown key '" + key + "' (keys: name, detect, config, fixes)");
        }
    }
    if (p.name.empty()) fail(file, root.Mark(), "a target profile needs a name");
    return p;
}

}  // namespace

std::vector<target_profile> load_target_profiles(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".yaml") files.push_back(e.path());
    if (ec) throw std::runtime_error(fmt::format("{}: {}", dir.string(), ec.message()));
    std::sort(files.begin(), files.end());
    std::vector<target_profile> out;
    for (const auto& f : files) out.push_back(load_one(f));
    if (std::none_of(out.begin(), out.end(),
                     [](const target_profile& p) { return p.file.stem() == "generic"; }))
        throw std::runtime_error(dir.string() + ": no generic.yaml (the advice for any server)");
    return out;
}

const target_profile& detect_target(const std::vector<target_profile>& profiles,
                                    const std::vector<std::string>& signatures) {
    for (const auto& p : profiles)
        for (const auto& d : p.detect)
            for (const auto& s : signatures)
                if (!d.empty() && s.find(d) != std::string::npos) return p;
    return *std::find_if(profiles.begin(), profiles.end(),
                         [](const target_profile& p) { return p.file.stem() == "generic"; });
}

}  // namespace mxc::app
