#include "app/account_needs.hpp"

#include <fmt/format.h>

#include <numeric>

#include "app/catalogue_loader.hpp"
#include "app/run_command.hpp"
#include "matrix/tokens_file.hpp"

namespace mxc::app {

int accounts_needed(const std::vector<const core::case_def*>& cases) {
    return std::accumulate(cases.begin(), cases.end(), 0,
                           [](int sum, const core::case_def* c) { return sum + c->accounts; });
}

std::string account_needs_note(const run_config& cfg) {
    try {
        const auto cases = load_all_cases(
            cfg.suites_dir.empty() ? default_suites_dir() : std::filesystem::path(cfg.suites_dir));
        const auto selected = cases.select(cfg.cases, cfg.exclude);
        return fmt::format(
            "# The selected cases ({}) make {} accounts; a tokens file (--register tokens:FILE) "
            "must hold at least that many.\n",
            selected.size(), accounts_needed(selected));
    } catch (const std::exception& e) {
        return fmt::format(
            "# The accounts the selected cases make are not known, as the cases "
            "do not load ({}).\n",
            e.what());
    }
}

void check_tokens_file(const run_config& cfg, int needed) {
    if (cfg.target.empty() || !cfg.registration ||
        cfg.registration->how != matrix::registration::method::tokens)
        return;
    const auto& file = cfg.registration->tokens_file;
    const auto held = matrix::read_tokens_file(file).size();
    if (held < static_cast<std::size_t>(needed))
        throw std::runtime_error(fmt::format(
            "the tokens file {} holds {} accounts and the selected cases need {}; add accounts "
            "or select fewer cases (--cases, --exclude)",
            file.string(), held, needed));
}

}  // namespace mxc::app
