#include "spec/upstream.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <array>
#include <map>

#include "spec/document_loader.hpp"
#include "spec/fill_in.hpp"
#include "spec/json_schema.hpp"
#include "spec/operation_reader.hpp"
#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

using json = nlohmann::json;

// The EDU types whose schemas upstream keeps apart from the transaction (its `edus` items
// are the common EDU shape only); this module needs one.
constexpr std::array<std::string_view, 1> edu_types = {"m.direct_to_device"};
constexpr std::string_view transaction_key = "PUT /_matrix/federation/v1/send/{}";

// An operation's id with its parameter names left out, so {txnId} upstream matches {txnid}.
std::string key_of(const operation& op) {
    std::string key = op.method + " ";
    bool in_name = false;
    for (char c : op.path.text()) {
        if (c == '}') in_name = false;
        if (!in_name) key += c;
        if (c == '{') in_name = true;
    }
    return key;
}

std::shared_ptr<const compiled_schema> compile(const json& schema) {
    return std::make_shared<const compiled_schema>(schema);
}

// The schema of a transaction body's `edus` items, or nullptr.
json* edus_items(json& body_schema) {
    json* edus = find_property(body_schema, "edus");
    if (edus == nullptr || !edus->is_object() || !edus->contains("items")) return nullptr;
    return &(*edus)["items"];
}

std::filesystem::path edu_file(const spec_tree& tree, std::string_view type) {
    for (const auto& dir : tree.edu_dirs)
        for (const char* ext : {".yaml", ".yml", ""}) {
            auto file = dir / (std::string(type) + ext);
            std::error_code ec;
            if (std::filesystem::is_regular_file(file, ec)) return file;
        }
    return {};
}

class merger {
  public:
    merger(const spec_tree& tree, std::vector<operation> up) : tree_(tree), ops_(std::move(up)) {
        for (std::size_t i = 0; i < ops_.size(); ++i) index_.emplace(key_of(ops_[i]), i);
    }

    // Upstream EDU schemas go in as a branch of the transaction's `edus` items, chosen by
    // edu_type, as specs/ does with Swagger's discriminator; a type upstream has no schema
    // for takes ours.
    void attach_edus(const std::vector<operation>& ours) {
        operation* txn = find(std::string(transaction_key));
        parameter* body = txn ? txn->body() : nullptr;
        json* items = body ? edus_items(body->schema) : nullptr;
        if (items == nullptr) return;  // no transaction upstream: ours is used whole
        json our_body;
        for (const auto& op : ours)
            if (key_of(op) == transaction_key && op.body()) our_body = op.body()->schema;
        for (auto type : edu_types) {
            const auto file = edu_file(tree_, type);
            if (file.empty()) {
                json* our_items = edus_items(our_body);
                if (our_items == nullptr) continue;
                *items = {{"allOf", {*items, *our_items}}};
                note(*txn, fmt::format("the {} EDU", type));
                continue;
            }
            json edu = to_json_schema(load_schema(file));
            if (!find_property(edu, "edu_type") && !find_property(edu, "content"))
                edu = {{"properties", {{"content", std::move(edu)}}}};  // the content alone
            json is_type = {{"required", {"edu_type"}},
                            {"properties", {{"edu_type", {{"enum", {type}}}}}}};
            *items = {{"allOf", {*items, {{"anyOf", {{{"not", is_type}}, std::move(edu)}}}}}};
        }
        try {
            body->compiled = compile(body->schema);
        } catch (const spec_error& e) {
            throw spec_error(fmt::format("{}: {} with its EDU schemas: {}", txn->source.string(),
                                         txn->id, e.what()));
        }
    }

    void fill_from(const operation& ours) {
        operation* up = find(key_of(ours));
        if (up == nullptr) {
            ops_.push_back(ours);
            whole_.push_back(ours.id);
            return;
        }
        fill_body(*up, ours);
        std::vector<std::string> statuses;
        for (const auto& [status, theirs] : ours.responses) {
            auto it = up->responses.find(status);
            if (it == up->responses.end()) {
                up->responses.emplace(status, theirs);
                statuses.push_back(status);
            } else if (theirs.compiled) {
                fill_schema(*up, it->second.schema, it->second.compiled, theirs.schema,
                            "response " + status);
            }
        }
        if (!statuses.empty())
            parts_[up->id].insert(parts_[up->id].begin(),
                                  fmt::format("statuses {}", fmt::join(statuses, ", ")));
    }

    sourced_catalogue finish() && {
        sourced_catalogue out{catalogue::from_operations(std::move(ops_)), tree_, {}};
        for (auto& id : whole_) out.filled_in.push_back(id);
        for (auto& [id, parts] : parts_)
            out.filled_in.push_back(fmt::format("{} ({})", id, fmt::join(parts, "; ")));
        std::sort(out.filled_in.begin(), out.filled_in.end());
        return out;
    }

  private:
    operation* find(const std::string& key) {
        auto it = index_.find(key);
        return it == index_.end() ? nullptr : &ops_[it->second];
    }

    void note(const operation& op, std::string part) { parts_[op.id].push_back(std::move(part)); }

    void fill_body(operation& up, const operation& ours) {
        const parameter* theirs = ours.body();
        if (theirs == nullptr) return;
        parameter* mine = up.body();
        if (mine == nullptr) {
            up.parameters.push_back(*theirs);
            note(up, "request body");
            return;
        }
        fill_schema(up, mine->schema, mine->compiled, theirs->schema, "request body");
    }

    void fill_schema(const operation& op, json& schema,
                     std::shared_ptr<const compiled_schema>& compiled, const json& ours,
                     const std::string& what) {
        if (schema.is_null()) schema = json::object();
        auto places = fill_in(schema, ours);
        if (places.empty()) return;
        compiled = compile(schema);
        note(op, fmt::format("{} {}", what, fmt::join(places, ", ")));
    }

    const spec_tree& tree_;
    std::vector<operation> ops_;
    std::map<std::string, std::size_t> index_;
    std::vector<std::string> whole_;
    std::map<std::string, std::vector<std::string>> parts_;  // by upstream id
};

}  // namespace

sourced_catalogue load_catalogue(const std::filesystem::path& dir,
                                 std::string_view client_major_version,
                                 const std::filesystem::path& ours_dir) {
    auto tree = detect_layout(dir);
    if (tree.layout == spec_layout::ours)
        return {catalogue::load(dir, client_major_version), std::move(tree), {}};

    std::vector<operation> up;
    operation_reader reader;
    for (const auto& doc : load_api_documents(tree, client_major_version)) reader.read(doc, up);
    const auto ours = catalogue::load(ours_dir, client_major_version);
    merger m(tree, std::move(up));
    m.attach_edus(ours.operations());
    for (const auto& op : ours.operations()) m.fill_from(op);
    return std::move(m).finish();
}

}  // namespace mxc::spec
