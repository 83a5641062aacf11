#include "core/registry.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <stdexcept>

namespace mxc::core {

registry& registry::builtin() {
    static registry r;
    return r;
}

void registry::add(case_def def) {
    if (const auto* prior = find(def.id))
        throw std::runtime_error(def.where.str() + ": case id '" + def.id +
                                 "' is already defined at " + prior->where.str());
    cases_.push_back(std::make_shared<const case_def>(std::move(def)));
}

void registry::merge(const registry& other) {
    for (const auto& c : other.cases_) {
        if (const auto* prior = find(c->id))
            throw std::runtime_error(c->where.str() + ": case id '" + c->id +
                                     "' is already defined at " + prior->where.str());
        cases_.push_back(c);
    }
}

const case_def* registry::find(const std::string& id) const {
    for (const auto& c : cases_)
        if (c->id == id) return c.get();
    return nullptr;
}

bool glob_match(const std::string& pattern, const std::string& id) {
    return ::fnmatch(pattern.c_str(), id.c_str(), 0) == 0;
}

std::vector<const case_def*> registry::select(const std::vector<std::string>& include,
                                              const std::vector<std::string>& exclude) const {
    std::vector<const case_def*> out;
    for (const auto& c : cases_) {
        const bool in =
            include.empty() || std::any_of(include.begin(), include.end(),
                                           [&](const auto& g) { return glob_match(g, c->id); });
        const bool out_ = std::any_of(exclude.begin(), exclude.end(),
                                      [&](const auto& g) { return glob_match(g, c->id); });
        if (in && !out_) out.push_back(c.get());
    }
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->id < b->id; });
    return out;
}

}  // namespace mxc::core
