#include "report/run_index.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace mxc::report {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw std::runtime_error(fmt::format("{}: {}", file.string(), what));
}

// The string member `key` of `obj` ("" when absent), or an error naming `where.key`.
std::string text(const json& obj, const char* key, const std::filesystem::path& file,
                 const std::string& where, bool required = false) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) fail(file, fmt::format("{}{}: missing", where, key));
        return {};
    }
    if (!it->is_string())
        fail(file, fmt::format("{}{}: must be a string, not {}", where, key, it->type_name()));
    return it->get<std::string>();
}

const json& object(const json& obj, const char* key, const std::filesystem::path& file,
                   const std::string& where) {
    static const json empty = json::object();
    const auto it = obj.find(key);
    if (it == obj.end()) return empty;
    if (!it->is_object())
        fail(file, fmt::format("{}{}: must be an object, not {}", where, key, it->type_name()));
    return *it;
}

indexed_case read_case(const json& c, const std::filesystem::path& file, const std::string& at) {
    if (!c.is_object()) fail(file, fmt::format("{}: must be an object", at));
    const auto w = at + ".";
    const auto& spec = object(c, "spec", file, w);
    return {text(c, "id", file, w, true),
            text(c, "suite", file, w),
            text(c, "verdict", file, w, true),
            text(c, "level", file, w),
            text(c, "title", file, w),
            text(c, "question", file, w),
            text(c, "observation", file, w),
            text(c, "actual", file, w),
            text(spec, "doc", file, w + "spec."),
            text(spec, "section", file, w + "spec."),
            text(c, "transcript", file, w)};
}

std::string host_of(const std::string& url) {
    auto s = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
    return s.substr(0, s.find('/'));
}

std::string base_name(const run_index& r) {
    std::string impl, faults;
    for (const auto& [key, value] : r.facts) {
        if (key == "implementation") impl = value;
        if (key == "ref_faults") faults = value;
    }
    if (!impl.empty()) return impl;
    if (r.target_kind.find("reference") != std::string::npos)
        return faults.empty() ? "reference server" : "reference server, faults: " + faults;
    return r.target.empty() ? r.file.parent_path().filename().string() : host_of(r.target);
}

}  // namespace

run_index read_run_index(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file, "cannot read the file");
    std::ostringstream buf;
    buf << in.rdbuf();
    const auto j = json::parse(buf.str(), nullptr, false);
    if (j.is_discarded()) fail(file, "not JSON");
    if (!j.is_object() || !j.contains("run") || !j.contains("cases"))
        fail(file, "not an index.json: needs the members \"run\" and \"cases\"");
    run_index r;
    r.file = file;
    const auto& run = object(j, "run", file, "");
    r.target = text(run, "target", file, "run.");
    r.target_kind = text(run, "target_kind", file, "run.");
    r.run_id = text(run, "run_id", file, "run.");
    r.started = text(run, "started", file, "run.");
    const auto& facts = object(run, "facts", file, "run.");
    for (const auto& [key, value] : facts.items())
        r.facts.emplace_back(key, text(facts, key.c_str(), file, "run.facts."));
    const auto& cases = j["cases"];
    if (!cases.is_array())
        fail(file, fmt::format("cases: must be an array, not {}", cases.type_name()));
    for (std::size_t i = 0; i < cases.size(); ++i) {
        auto c = read_case(cases[i], file, fmt::format("cases[{}]", i));
        if (r.cases.count(c.id)) fail(file, fmt::format("cases[{}].id: '{}' is repeated", i, c.id));
        r.cases.emplace(c.id, std::move(c));
    }
    return r;
}

void name_columns(std::vector<run_index>& runs) {
    std::map<std::string, int> uses;
    for (auto& r : runs) ++uses[r.column = base_name(r)];
    for (auto& r : runs)
        if (uses[r.column] > 1 && !r.run_id.empty()) r.column += " (" + r.run_id + ")";
    std::set<std::string> taken;
    for (auto& r : runs) {
        const auto name = r.column;
        for (int n = 2; !taken.insert(r.column).second; ++n)
            r.column = fmt::format("{} #{}", name, n);
    }
}

}  // namespace mxc::report
