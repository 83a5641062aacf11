#include "report/compare_table.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mxc::report {

const indexed_case& compare_row::any() const {
    for (const auto* c : cells)
        if (c) return *c;
    static const indexed_case none;
    return none;
}

std::string cell_text(const indexed_case* c) {
    if (!c) return "(not run)";
    return c->observation.empty() ? c->verdict : c->verdict + " " + c->observation;
}

std::vector<compare_group> compare_groups(const std::vector<run_index>& runs) {
    std::set<std::string> ids;
    for (const auto& r : runs)
        for (const auto& [id, c] : r.cases) ids.insert(id);
    std::map<std::string, compare_group> by_suite;
    for (const auto& id : ids) {
        compare_row row{id, {}, false};
        for (const auto& r : runs) {
            const auto it = r.cases.find(id);
            row.cells.push_back(it == r.cases.end() ? nullptr : &it->second);
        }
        for (const auto* c : row.cells) row.differs |= cell_text(c) != cell_text(row.cells[0]);
        auto& g = by_suite[row.any().suite];
        g.suite = row.any().suite;
        g.differing += row.differs;
        g.rows.push_back(std::move(row));
    }
    std::vector<compare_group> out;
    for (auto& [suite, g] : by_suite) {
        std::stable_partition(g.rows.begin(), g.rows.end(),
                              [](const auto& row) { return row.differs; });
        out.push_back(std::move(g));
    }
    std::stable_partition(out.begin(), out.end(), [](const auto& g) { return g.differing > 0; });
    return out;
}

}  // namespace mxc::report
