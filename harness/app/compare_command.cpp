#include "app/compare_command.hpp"

#include "app/gaps_markdown.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <ostream>
#include <stdexcept>

#include "report/compare_pages.hpp"
#include "report/run_index.hpp"
#include "util/atomic_file.hpp"

namespace mxc::app {

int compare_command(const compare_options& opt, std::ostream& out, std::ostream& err) {
    try {
        if (opt.indexes.size() < 2)
            throw std::invalid_argument(fmt::format(
                "needs at least two index.json files to compare, got {}", opt.indexes.size()));
        std::vector<report::run_index> runs;
        for (const auto& file : opt.indexes) runs.push_back(report::read_run_index(file));
        report::name_columns(runs);
        const std::filesystem::path dir(opt.out);
        std::vector<std::pair<std::string_view, std::string>> files = {
            {report::compare_html_file, report::compare_html(runs)},
            {report::compare_markdown_file, report::compare_markdown(runs)}};
        if (opt.gaps) files.emplace_back(gaps_file, gaps_markdown(runs));
        for (const auto& [name, text] : files) {
            util::write_file_atomic(dir / name, text);
            out << (dir / name).string() << '\n';
        }
        return 0;
    } catch (const std::exception& e) {
        err << "mxconform compare: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace mxc::app
