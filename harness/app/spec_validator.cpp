#include "app/spec_validator.hpp"

namespace mxc::app {

namespace {
std::vector<steps::validation_finding> convert(const std::vector<spec::finding>& in) {
    std::vector<steps::validation_finding> out;
    for (const auto& f : in)
        out.push_back({f.json_pointer.empty() ? "(root)" : f.json_pointer, f.message});
    return out;
}
}  // namespace

spec_validator::spec_validator(const std::filesystem::path& specs_dir)
    : v3_(spec::catalogue::load(specs_dir, "v3")), r0_(spec::catalogue::load(specs_dir, "r0")) {}

std::optional<spec::route> spec_validator::find(const spec::catalogue*& which,
                                                const std::string& method,
                                                const std::string& target) const {
    if (auto r = v3_.find(method, target)) {
        which = &v3_;
        return r;
    }
    if (auto r = r0_.find(method, target)) {
        which = &r0_;
        return r;
    }
    return std::nullopt;
}

std::vector<steps::validation_finding> spec_validator::check_request(
    const std::string& method, const std::string& path, const std::string& query,
    const nlohmann::json* body) const {
    const spec::catalogue* which = nullptr;
    auto r = find(which, method, query.empty() ? path : path + "?" + query);
    if (!r) return {};
    return convert(which->check_request(*r, body));
}

std::vector<steps::validation_finding> spec_validator::check_response(
    const std::string& method, const std::string& path, unsigned status,
    const nlohmann::json* body) const {
    const spec::catalogue* which = nullptr;
    auto r = find(which, method, path);
    if (!r) return {};
    return convert(which->check_response(*r, status, body));
}

}  // namespace mxc::app
