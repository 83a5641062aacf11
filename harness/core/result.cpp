#include "core/result.hpp"

namespace mxc::core {

std::string source_mark::str() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string case_result::expected() const {
    for (const auto& c : checks)
        if (!c.ok) return c.expected;
    return {};
}

std::string case_result::actual() const {
    if (!error.empty()) return error;
    for (const auto& c : checks)
        if (!c.ok) return c.actual;
    return {};
}

int run_summary::exit_code() const {
    if (!setup_error.empty()) return 2;  // the target could not be reached or provisioned
    if (baseline) return baseline->regressed() ? 1 : 0;
    for (const auto& r : results)
        if (fails_run(r.v, strict)) return 1;
    return 0;
}

}  // namespace mxc::core
