// Every case of a run: YAML cases loaded from suites/ and C++ cases that registered
// themselves (one registry, so a case is declared in one place only).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/case_def.hpp"

namespace mxc::core {

class registry {
  public:
    // Where C++ cases register themselves at static-initialisation time.
    static registry& builtin();

    // Throws std::runtime_error naming both places when the id is already taken.
    void add(case_def def);
    void merge(const registry& other);

    // Cases whose id matches any include glob (all when none) and no exclude glob, by id.
    std::vector<const case_def*> select(const std::vector<std::string>& include,
                                        const std::vector<std::string>& exclude) const;
    const case_def* find(const std::string& id) const;
    std::size_t size() const { return cases_.size(); }

  private:
    std::vector<std::shared_ptr<const case_def>> cases_;
};

// Shell-style glob on case ids: '*' any run, '?' one character, [..] a set.
bool glob_match(const std::string& pattern, const std::string& id);

}  // namespace mxc::core
