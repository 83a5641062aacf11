#include "steps/suite_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <set>
#include <span>

#include "core/yaml_json.hpp"
#include "steps/expect.hpp"
#include "steps/load_error.hpp"
#include "steps/observe.hpp"
#include "steps/yaml_case.hpp"

namespace mxc::steps {

namespace {

core::source_mark mark_of(const std::filesystem::path& file, const YAML::Mark& m) {
    return {file.string(), m.line + 1, m.column + 1};
}

core::source_mark mark(const std::filesystem::path& file, const YAML::Node& n) {
    return mark_of(file, n.Mark());
}

std::string scalar(const std::filesystem::path& file, const YAML::Node& n,
                   const std::string& what) {
    if (!n.IsScalar()) throw load_error(mark(file, n), what + " must be a string");
    return n.Scalar();
}

void check_keys(const std::filesystem::path& file, const YAML::Node& map,
                const std::set<std::string>& allowed, const std::string& what) {
    for (const auto& kv : map) {
        const auto key = kv.first.as<std::string>();
        if (!allowed.count(key)) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw load_error(mark(file, kv.first),
                             fmt::format("unknown key '{}' in {} (allowed: {})", key, what, list));
        }
    }
}

step_call parse_step(const std::filesystem::path& file, const YAML::Node& n) {
    if (!n.IsMap() || n.size() != 1)
        throw load_error(mark(file, n),
                         "a step is a map with one key, the step's name: `- sync: {as: bob}`");
    const auto kv = *n.begin();
    step_call call;
    call.name = kv.first.as<std::string>();
    call.where = mark(file, kv.first);
    const auto& table = step_table();
    auto def = table.find(call.name);
    if (def == table.end()) {
        std::string list;
        for (const auto& [name, d] : table) list += (list.empty() ? "" : ", ") + name;
        throw load_error(call.where, fmt::format("unknown step '{}' (steps: {})", call.name, list));
    }
    const YAML::Node args = kv.second;
    if (!args.IsMap() && !args.IsNull())
        throw load_error(mark(file, args), "a step's arguments are a map");
    if (args.IsMap()) {
        for (const auto& a : args) {
            const auto key = a.first.as<std::string>();
            if (def->second.nested.count(key)) {
                if (!a.second.IsSequence())
                    throw load_error(mark(file, a.second), "'" + key + "' is a list of steps");
                for (const auto& child : a.second) call.children.push_back(parse_step(file, child));
                continue;
            }
            const auto forms = def->second.observes;
            if (key == "observe" && forms != observe_forms::none) {
                call.args[key] = core::yaml_to_json(a.second);
                validate_observe(call.args[key], mark(file, a.second),
                                 forms != observe_forms::events, forms != observe_forms::reply);
                continue;
            }
            if (!def->second.required.count(key) && !def->second.optional.count(key) &&
                !def->second.optional.count("*")) {
                std::string list;
                for (const auto& r : def->second.required) list += (list.empty() ? "" : ", ") + r;
                for (const auto& o : def->second.optional) list += (list.empty() ? "" : ", ") + o;
                throw load_error(
                    mark(file, a.first),
                    fmt::format("step '{}' has no key '{}' (keys: {})", call.name, key, list));
            }
            call.args[key] = core::yaml_to_json(a.second);
            if (key == "expect" || key == "until" || key == "each_batch")
                validate_expect(call.args[key], mark(file, a.second));
            if (key == "batches") {
                if (!a.second.IsSequence())
                    throw load_error(mark(file, a.second), "'batches' is a list of expect maps");
                for (const auto& b : a.second)
                    validate_expect(core::yaml_to_json(b), mark(file, b));
            }
        }
    }
    if (call.args.is_null()) call.args = json::object();
    for (const auto& r : def->second.required)
        if (!call.args.contains(r) && !(def->second.nested.count(r) && !call.children.empty()))
            throw load_error(call.where, fmt::format("step '{}' needs '{}'", call.name, r));
    return call;
}

core::spec_ref parse_spec(const std::filesystem::path& file, const YAML::Node& n,
                          core::spec_ref base) {
    if (!n.IsMap()) throw load_error(mark(file, n), "spec is {doc, section, anchor}");
    check_keys(file, n, {"doc", "section", "anchor"}, "spec");
    if (n["doc"]) base.doc = scalar(file, n["doc"], "spec.doc");
    if (n["section"]) base.section = scalar(file, n["section"], "spec.section");
    if (n["anchor"]) base.anchor = scalar(file, n["anchor"], "spec.anchor");
    return base;
}

// Whether a step, or a step it holds, can only succeed once a message has been delivered: a
// /sync that must list one, or EDUs the target must send to a mock.
bool step_awaits_delivery(const step_call& s) {
    if (s.name == "await_edus") return true;
    if (s.name == "sync" || s.name == "sync_until" || s.name == "long_poll") {
        const char* key = s.args.contains("until") ? "until" : "expect";
        if (s.args.contains(key) && awaits_delivery(s.args[key])) return true;
    }
    return std::any_of(s.children.begin(), s.children.end(),
                       [](const step_call& child) { return step_awaits_delivery(child); });
}

bool step_observes(const step_call& s) {
    return observes(s) || std::any_of(s.children.begin(), s.children.end(),
                                      [](const step_call& child) { return step_observes(child); });
}

// Why `name` cannot follow `earlier` in the caught_by of a case of level `lvl`; "" if it can.
std::string caught_by_problem(core::level lvl, std::span<const std::string> earlier,
                              const std::string& name, const fault_names& known_faults) {
    if (lvl == core::level::observed)
        return "an observed case is not judged, so no fault can make it fail: drop caught_by";
    if (!known_faults.count(name))
        return fmt::format(
            "caught_by names '{}', which is no fault of the reference server (see `mxconform "
            "serve --help`)",
            name);
    if (std::find(earlier.begin(), earlier.end(), name) != earlier.end())
        return fmt::format("caught_by names '{}' twice", name);
    return {};
}

core::case_def parse_case(const std::filesystem::path& file, const YAML::Node& n,
                          const std::string& suite, const core::spec_ref& spec,
                          const fault_names& known_faults) {
    if (!n.IsMap()) throw load_error(mark(file, n), "a case is a map");
    check_keys(file, n,
               {"id", "title", "level", "caught_by", "spec", "requirement", "question", "ports",
                "needs", "actors", "steps"},
               "a case");
    core::case_def c;
    c.where = mark(file, n);
    c.suite = suite;
    for (const char* required : {"id", "title", "level", "requirement", "steps"})
        if (!n[required]) throw load_error(c.where, fmt::format("case needs '{}'", required));
    c.id = scalar(file, n["id"], "id");
    static const std::regex id_shape(R"([a-z0-9_]+(\.[a-z0-9_]+)+)");
    if (!std::regex_match(c.id, id_shape))
        throw load_error(mark(file, n["id"]),
                         "case id '" + c.id + "' must be dotted lower-case words");
    c.title = scalar(file, n["title"], "title");
    auto lvl = core::parse_level(scalar(file, n["level"], "level"));
    if (!lvl) throw load_error(mark(file, n["level"]), "level must be must, should or observed");
    c.lvl = *lvl;
    if (auto teeth = n["caught_by"]) {
        if (!teeth.IsSequence())
            throw load_error(mark(file, teeth), "caught_by is a list of fault names");
        for (const auto& x : teeth) {
            auto name = scalar(file, x, "a caught_by entry");
            if (auto why = caught_by_problem(c.lvl, c.caught_by, name, known_faults); !why.empty())
                throw load_error(mark(file, x), why);
            c.caught_by.push_back(std::move(name));
        }
    }
    c.spec = n["spec"] ? parse_spec(file, n["spec"], spec) : spec;
    if (c.spec.section.empty())
        throw load_error(c.where, "case '" + c.id + "' names no spec section");
    c.requirement = scalar(file, n["requirement"], "requirement");
    // An observed case says which open question of the spec it probes (issue 11).
    if (c.lvl == core::level::observed && !n["question"])
        throw load_error(c.where, "observed case '" + c.id +
                                      "' needs 'question': the open question it probes, one line");
    if (auto q = n["question"]) c.question = scalar(file, q, "question");
    if (auto ports = n["ports"]) {
        if (!ports.IsSequence())
            throw load_error(mark(file, ports),
                             "ports is a list of {sytest|complement|synapse: name}");
        for (const auto& p : ports) {
            if (!p.IsMap() || p.size() != 1)
                throw load_error(mark(file, p),
                                 "a port is {sytest|complement|synapse: \"exact test name\"}");
            const auto kv = *p.begin();
            const auto peer = kv.first.as<std::string>();
            if (peer != "sytest" && peer != "complement" && peer != "synapse")
                throw load_error(mark(file, kv.first),
                                 "a port names sytest, complement or synapse, not '" + peer + "'");
            c.ports.push_back({peer, scalar(file, kv.second, "port name")});
        }
    }
    if (auto needs = n["needs"]) {
        if (!needs.IsSequence())
            throw load_error(mark(file, needs), "needs is a list of capabilities");
        for (const auto& x : needs) c.needs.push_back(scalar(file, x, "need"));
    }
    std::vector<std::string> actors;
    if (auto a = n["actors"]) {
        if (!a.IsSequence()) throw load_error(mark(file, a), "actors is a list of names");
        for (const auto& x : a) actors.push_back(scalar(file, x, "actor"));
    }
    // Each actor is a user of its own; no step makes another (`login` adds devices only).
    c.accounts = static_cast<int>(actors.size());
    if (!n["steps"].IsSequence() || n["steps"].size() == 0)
        throw load_error(mark(file, n["steps"]), "steps is a non-empty list");
    std::vector<step_call> steps;
    for (const auto& s : n["steps"]) steps.push_back(parse_step(file, s));
    c.judges_delivery = std::any_of(steps.begin(), steps.end(),
                                    [](const step_call& s) { return step_awaits_delivery(s); });
    // An observed case ends with an observation, which only `observe:` steps record (issue 11).
    if (c.lvl == core::level::observed &&
        !std::any_of(steps.begin(), steps.end(),
                     [](const step_call& s) { return step_observes(s); }))
        throw load_error(c.where, "observed case '" + c.id +
                                      "' records no observation: give a step an `observe:`");
    c.body = std::make_shared<yaml_case>(std::move(actors), std::move(steps));
    return c;
}

}  // namespace

void check_caught_by(const core::case_def& c, const fault_names& known_faults) {
    for (std::size_t i = 0; i < c.caught_by.size(); ++i) {
        if (auto why =
                caught_by_problem(c.lvl, {c.caught_by.data(), i}, c.caught_by[i], known_faults);
            !why.empty())
            throw load_error(c.where, "case '" + c.id + "': " + why);
    }
}

namespace {

// The file's YAML; unreadable or malformed is one load_error naming file:line:column.
YAML::Node load_yaml(const std::filesystem::path& file) {
    try {
        return YAML::LoadFile(file.string());
    } catch (const YAML::BadFile&) {
        throw load_error({file.string(), 0, 0}, "cannot read the file");
    } catch (const YAML::Exception& e) {
        throw load_error(mark_of(file, e.mark), e.msg);
    }
}

// Reads the cases of a parsed suite file; load_suite_file turns yaml-cpp's own complaints into a
// load_error.
void read_suite(const std::filesystem::path& file, const YAML::Node& root, core::registry& into,
                const fault_names& known_faults) {
    if (!root.IsMap())
        throw load_error(mark(file, root), "a suite file is a map with suite, spec and cases");
    check_keys(file, root, {"suite", "spec", "cases"}, "a suite file");
    if (!root["suite"] || !root["cases"])
        throw load_error(mark(file, root), "a suite file needs 'suite' and 'cases'");
    const auto suite = scalar(file, root["suite"], "suite");
    const auto spec = root["spec"] ? parse_spec(file, root["spec"], {}) : core::spec_ref{};
    if (!root["cases"].IsSequence()) throw load_error(mark(file, root["cases"]), "cases is a list");
    for (const auto& c : root["cases"]) into.add(parse_case(file, c, suite, spec, known_faults));
}

}  // namespace

void load_suite_file(const std::filesystem::path& file, core::registry& into,
                     const fault_names& known_faults) {
    const YAML::Node root = load_yaml(file);
    try {
        read_suite(file, root, into, known_faults);
    } catch (const YAML::Exception& e) {
        // A key that is a list or a map where a name belongs (found by fuzz/suite_loader.cpp).
        throw load_error(mark_of(file, e.mark), e.msg);
    }
}

void load_suites(const std::filesystem::path& dir, core::registry& into,
                 const fault_names& known_faults) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw std::runtime_error(dir.string() + ": not a directory of suites");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".yaml" &&
            e.path() != dir / spec_docs_file)
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_suite_file(f, into, known_faults);
}

std::map<std::string, std::string> load_spec_docs(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return {};
    const YAML::Node root = load_yaml(file);
    if (root.IsNull()) return {};
    if (!root.IsMap())
        throw load_error(mark(file, root), "a map from spec doc name to its base URL");
    std::map<std::string, std::string> docs;
    for (const auto& kv : root)
        docs[scalar(file, kv.first, "a doc name")] = scalar(file, kv.second, "a base URL");
    return docs;
}

}  // namespace mxc::steps
