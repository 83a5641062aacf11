#include "report/baseline_report.hpp"

#include <fmt/format.h>

#include "report/text_escape.hpp"

namespace mxc::report {

namespace {

// The console shows this many of each list but the regressions, which it shows all.
constexpr std::size_t shown_per_list = 10;

ojson side(const std::string& word) {
    return word.empty() ? ojson(nullptr) : ojson(word);
}

ojson list_json(const std::vector<core::verdict_change>& list) {
    ojson out = ojson::array();
    for (const auto& c : list)
        out.push_back({{"id", c.id}, {"was", side(c.was)}, {"now", side(c.now)}});
    return out;
}

const char* plural(std::size_t n) {
    return n == 1 ? "" : "s";
}

void add_lines(std::string& text, std::string_view label,
               const std::vector<core::verdict_change>& list, std::size_t limit,
               std::string_view no_was = "(new)", std::string_view no_now = "(not run)") {
    for (std::size_t i = 0; i < list.size() && i < limit; ++i) {
        const auto& c = list[i];
        text +=
            printable(fmt::format("  {:<12} {}  {} -> {}\n", label, c.id,
                                  c.was.empty() ? no_was : c.was, c.now.empty() ? no_now : c.now));
    }
    if (list.size() > limit)
        text += fmt::format("  {:<12} ... and {} more (index.json lists them)\n", label,
                            list.size() - limit);
}

}  // namespace

ojson baseline_json(const core::baseline_comparison& c) {
    return ojson{{"file", c.file},
                 {"format", core::to_string(c.format)},
                 {"regressions", list_json(c.regressions)},
                 {"improvements", list_json(c.improvements)},
                 {"changed", list_json(c.changed)},
                 {"new", list_json(c.added)},
                 {"gone", list_json(c.gone)},
                 {"unchanged", c.unchanged},
                 {"observations", list_json(c.observations)}};
}

std::string baseline_block(const core::baseline_comparison& c) {
    const auto r = c.regressions.size(), i = c.improvements.size(), o = c.changed.size();
    std::string text = printable(fmt::format(
        "Against the baseline {} ({}): {} regression{}, {} improvement{}, {} other change{}, {} "
        "new, {} gone, {} unchanged\n",
        c.file, core::to_string(c.format), r, plural(r), i, plural(i), o, plural(o), c.added.size(),
        c.gone.size(), c.unchanged));
    if (const auto n = c.observations.size(); n > 0)
        text += fmt::format("  and {} changed observation{} (not judged, not a regression)\n", n,
                            plural(n));
    add_lines(text, "regression", c.regressions, c.regressions.size());
    add_lines(text, "improvement", c.improvements, shown_per_list);
    add_lines(text, "changed", c.changed, shown_per_list);
    add_lines(text, "new", c.added, shown_per_list);
    add_lines(text, "gone", c.gone, shown_per_list);
    add_lines(text, "observation", c.observations, shown_per_list, "(none)", "(none)");
    return text;
}

}  // namespace mxc::report
