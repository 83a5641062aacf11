#include <fmt/format.h>

#include <stdexcept>

#include "match/matchers.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

namespace {

std::map<std::string, step_def>& registered_steps() {
    // Filled during static initialisation, read-only after: no lock needed.
    static std::map<std::string, step_def> table;
    return table;
}

}  // namespace

step_registration::step_registration(step_def def) {
    auto name = def.name;
    if (!registered_steps().emplace(name, std::move(def)).second)
        throw std::logic_error("the step '" + name + "' is registered twice");
}

const std::map<std::string, step_def>& step_table() {
    return registered_steps();
}

void run_step(world& w, const step_call& call) {
    const auto& table = step_table();
    auto it = table.find(call.name);
    if (it == table.end())
        throw core::harness_error("unknown step '" + call.name + "' at " + call.where.str());
    it->second.run(w, call);
}

std::string describe(const step_call& c) {
    return fmt::format("{} at {}", c.name, c.where.str());
}

std::string arg_string(const world& w, const step_call& c, const char* key,
                       const std::string& fallback) {
    auto it = c.args.find(key);
    if (it == c.args.end() || it->is_null()) return fallback;
    const json v = w.substitute(*it);
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::int64_t arg_int(const world& w, const step_call& c, const char* key, std::int64_t fallback) {
    auto it = c.args.find(key);
    if (it == c.args.end() || it->is_null()) return fallback;
    const json v = w.substitute(*it);
    if (v.is_number_integer()) return v.get<std::int64_t>();
    throw core::harness_error(fmt::format("{}: '{}' must be an integer", describe(c), key));
}

void save_from(world& w, const step_call& c, const json& response) {
    auto it = c.args.find("save");
    if (it == c.args.end()) return;
    for (const auto& [var, where] : it->items()) {
        const std::string path = where.get<std::string>();
        const auto pointer = json::json_pointer(path.starts_with("/") ? path : "/" + path);
        const json* value = response.is_object() ? match::value_at(response, pointer) : nullptr;
        if (!value) {
            // Later steps need the value, so even an observed case cannot go on.
            w.run().check(false, fmt::format("{}: the answer has {}", describe(c), path),
                          "a value at " + path + " to save as ${" + var + "}",
                          "nothing there in " + response.dump().substr(0, 300), c.where.str());
            throw core::case_stopped(describe(c) + ": nothing to save at " + path);
        }
        w.set(var, *value);
    }
}

}  // namespace mxc::steps
