#include "spec/catalogue.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <stdexcept>

#include "spec/document_loader.hpp"
#include "spec/json_schema.hpp"
#include "spec/operation_reader.hpp"
#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    return out;
}

const operation& operation_of(const route& r) {
    if (r.op == nullptr) throw std::invalid_argument("route without an operation");
    return *r.op;
}

// Findings about a path or query parameter name it; their pointer is empty because
// they are not in the body.
void check_parameter(const parameter& p, const std::string& text, std::vector<finding>& out) {
    const std::string what = fmt::format("{} parameter '{}'", p.in, p.name);
    auto typed = typed_parameter(text, p.schema);
    if (!typed) {
        out.push_back({"request", "",
                       fmt::format("{}: '{}' is not a valid {}", what, text,
                                   p.schema.value("type", "string"))});
        return;
    }
    for (auto& f : p.compiled->check(*typed, "request"))
        out.push_back({"request", "", fmt::format("{}: '{}': {}", what, text, f.message)});
}

}  // namespace

catalogue catalogue::load(const std::filesystem::path& dir, std::string_view client_major_version) {
    std::vector<operation> ops;
    operation_reader reader;
    for (const auto& doc : load_api_documents(dir, client_major_version)) reader.read(doc, ops);
    return from_operations(std::move(ops));
}

catalogue catalogue::from_operations(std::vector<operation> ops) {
    catalogue cat;
    cat.operations_ = std::move(ops);
    // Stable: when a path is documented twice (the upstream spec has GET /events in two
    // files), the first file in path order wins and the other is noted, not fatal.
    std::stable_sort(cat.operations_.begin(), cat.operations_.end(),
                     [](const operation& a, const operation& b) { return a.id < b.id; });
    auto twice = [&](const operation& a, const operation& b) {
        if (a.id != b.id) return false;
        cat.notes_.push_back(fmt::format("{} is defined twice: using {}, ignoring {}", a.id,
                                         a.source.string(), b.source.string()));
        return true;
    };
    cat.operations_.erase(std::unique(cat.operations_.begin(), cat.operations_.end(), twice),
                          cat.operations_.end());
    for (std::size_t i = 0; i < cat.operations_.size(); ++i)
        cat.by_method_[cat.operations_[i].method].push_back(i);
    return cat;
}

std::optional<route> catalogue::find(std::string_view method, std::string_view target) const {
    auto candidates = by_method_.find(upper(method));
    if (candidates == by_method_.end()) return std::nullopt;
    auto url = boost::urls::parse_uri_reference(target);
    if (!url) return std::nullopt;
    std::vector<std::string> segments;
    for (auto segment : url->segments()) segments.push_back(segment);

    std::optional<route> best;
    for (auto i : candidates->second) {
        const auto& op = operations_[i];
        auto params = op.path.match(segments);
        if (!params) continue;
        if (best && best->op->path.literal_count() >= op.path.literal_count()) continue;
        best = route{&op, std::move(*params), {}};
    }
    if (best) {
        for (auto param : url->params()) best->query.emplace_back(param.key, param.value);
    }
    return best;
}

const operation* catalogue::by_id(std::string_view id) const {
    for (const auto& op : operations_)
        if (op.id == id || (!op.operation_id.empty() && op.operation_id == id)) return &op;
    return nullptr;
}

std::vector<finding> catalogue::check_request(const route& r, const nlohmann::json* body) const {
    const auto& op = operation_of(r);
    std::vector<finding> out;
    for (const auto& p : op.parameters) {
        if (p.in == "path") {
            if (auto v = r.path_params.find(p.name); v != r.path_params.end())
                check_parameter(p, v->second, out);
        } else if (p.in == "query") {
            std::vector<std::string> values;
            for (const auto& [key, value] : r.query)
                if (key == p.name) values.push_back(value);
            if (values.empty() && p.required)
                out.push_back(
                    {"request", "", fmt::format("query parameter '{}' is required", p.name)});
            if (values.size() > 1)
                out.push_back(
                    {"request", "",
                     fmt::format("query parameter '{}' is given {} times", p.name, values.size())});
            if (!values.empty()) check_parameter(p, values.front(), out);
        } else if (p.in == "body") {
            if (body == nullptr) {
                if (p.required) out.push_back({"request", "", "the request has no JSON body"});
                continue;
            }
            auto found = p.compiled->check(*body, "request");
            out.insert(out.end(), found.begin(), found.end());
        }
    }
    return out;
}

std::vector<finding> catalogue::check_response(const route& r, unsigned status,
                                               const nlohmann::json* body) const {
    const auto& op = operation_of(r);
    auto spec = op.responses.find(std::to_string(status));
    if (spec == op.responses.end()) spec = op.responses.find("default");
    if (spec == op.responses.end()) {
        std::string documented;
        for (const auto& [code, _] : op.responses)
            documented += (documented.empty() ? "" : ", ") + code;
        return {{"response", "",
                 fmt::format("status {} is not documented for {} (documented: {})", status, op.id,
                             documented)}};
    }
    if (!spec->second.compiled) return {};
    if (body == nullptr) return {{"response", "", "the response has no JSON body"}};
    return spec->second.compiled->check(*body, "response");
}

}  // namespace mxc::spec
