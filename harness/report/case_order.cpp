#include "report/case_order.hpp"

#include <algorithm>
#include <iterator>

#include "report/sanitize.hpp"

namespace mxc::report {

int attention_rank(core::verdict v) {
    using core::verdict;
    constexpr verdict order[] = {
        verdict::error,       verdict::fail,          verdict::unexpected_pass,
        verdict::non_strict,  verdict::expected_fail, verdict::observed,
        verdict::unsupported, verdict::skipped,       verdict::pass};
    const auto it = std::find(std::begin(order), std::end(order), v);
    return static_cast<int>(it - std::begin(order));
}

int attention_rank(std::string_view word) {
    const auto v = core::parse_verdict(word);
    return v ? attention_rank(*v) : attention_rank(core::verdict::pass) + 1;
}

std::vector<suite_group> group_by_suite(const std::vector<core::case_result>& results) {
    std::map<std::string, suite_group> by_name;
    for (const auto& r : results) {
        auto& g = by_name[def_of(r).suite];
        g.suite = def_of(r).suite;
        g.cases.push_back(&r);
        ++g.counts[r.v];
    }
    std::vector<suite_group> out;
    for (auto& [name, g] : by_name) {
        std::stable_sort(g.cases.begin(), g.cases.end(), [](const auto* a, const auto* b) {
            const auto ra = attention_rank(a->v), rb = attention_rank(b->v);
            return ra != rb ? ra < rb : def_of(*a).id < def_of(*b).id;
        });
        out.push_back(std::move(g));
    }
    // Each group's first case is its worst; map order makes the name the tie-break.
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return attention_rank(a.cases.front()->v) < attention_rank(b.cases.front()->v);
    });
    return out;
}

}  // namespace mxc::report
