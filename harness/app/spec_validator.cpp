#include "app/spec_validator.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace mxc::app {

namespace {

constexpr std::string_view r0_prefix = "/_matrix/client/r0/";
constexpr std::string_view v3_prefix = "/_matrix/client/v3/";

std::vector<steps::validation_finding> convert(const std::vector<spec::finding>& in) {
    std::vector<steps::validation_finding> out;
    for (const auto& f : in)
        out.push_back({f.json_pointer.empty() ? "(root)" : f.json_pointer, f.message});
    return out;
}

bool same_dir(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec);
}

std::optional<core::run_fact> describe(const spec::sourced_catalogue& cat, bool r0_as_v3) {
    const bool upstream = cat.tree.layout != spec::spec_layout::ours;
    std::string value =
        fmt::format("{} at {}", spec::layout_name(cat.tree.layout), cat.tree.root.string());
    if (r0_as_v3) value += "; r0 requests are checked against the v3 definitions";
    if (!cat.filled_in.empty())
        value += fmt::format("; our specs/ fill in for: {}", fmt::join(cat.filled_in, "; "));
    return core::run_fact{"spec_source", "Spec definitions", std::move(value), upstream};
}

}  // namespace

spec_validator::spec_validator(const std::filesystem::path& specs_dir,
                               const std::filesystem::path& ours_dir)
    : v3_(spec::load_catalogue(specs_dir, "v3", ours_dir)) {
    if (v3_.tree.layout != spec::spec_layout::upstream_v1)
        r0_ = spec::load_catalogue(specs_dir, "r0", ours_dir);
    if (!same_dir(specs_dir, ours_dir)) fact_ = describe(v3_, !r0_);
}

std::optional<spec::route> spec_validator::find(const spec::catalogue*& which,
                                                const std::string& method,
                                                const std::string& target) const {
    if (auto r = v3_.cat.find(method, target)) {
        which = &v3_.cat;
        return r;
    }
    if (r0_) {
        if (auto r = r0_->cat.find(method, target)) {
            which = &r0_->cat;
            return r;
        }
    } else if (target.starts_with(r0_prefix)) {
        if (auto r =
                v3_.cat.find(method, std::string(v3_prefix) + target.substr(r0_prefix.size()))) {
            which = &v3_.cat;
            return r;
        }
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
