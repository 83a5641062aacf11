// A settings table on the command line: one CLI11 option per entry, and the merge — the
// profile (--config) first, then the flags actually given — into the typed config.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <deque>
#include <optional>
#include <ostream>

#include "app/settings.hpp"

namespace mxc::app::settings {

template <class Config>
class command_line {
  public:
    enum class profile { none, allowed };

    // Adds the table's flags to `cmd`, with --config and --print-config when profiles are
    // allowed, and --help-markdown (the README's table).
    command_line(CLI::App& cmd, const table<Config>& t, profile p) : table_(t) {
        if (p == profile::allowed) {
            cmd.add_option("--config", profile_file_,
                           "YAML profile with the same settings, flag names as keys (flags "
                           "override it)")
                ->type_name("FILE");
            cmd.add_flag("--print-config", print_config_,
                         "Print the effective settings as a profile and exit");
        }
        cmd.add_flag("--help-markdown", markdown_, "Print the flags as a Markdown table and exit");
        for (const auto& s : t.entries()) {
            auto& b = bound_.emplace_back();
            b.entry = &s;
            const auto flag = "--" + s.name;
            if (s.is_switch)
                b.option = cmd.add_flag(flag, b.text, s.help);
            else if (s.repeatable)
                b.option = cmd.add_option(flag, b.texts, repeatable_help(s.help));
            else
                b.option = cmd.add_option(flag, b.text, s.help);
            if (!s.is_switch) b.option->type_name(s.value_name);
            const auto shown = s.show(t.defaults());
            if (!s.is_switch && !shown.empty() && !shown.front().empty())
                b.option->default_str(shown.front());
        }
    }

    // After parsing: the merged config, or nothing when a --print-config or --help-markdown
    // was answered on `out`. Throws std::runtime_error naming the flag or file:line:column.
    std::optional<Config> resolve(std::ostream& out) const {
        if (markdown_) {
            out << table_.markdown();
            return std::nullopt;
        }
        Config c;
        if (!profile_file_.empty()) table_.load_profile(profile_file_, c);
        for (const auto& b : bound_)
            if (b.option->count() > 0)
                table_.apply(*b.entry, b.entry->repeatable ? b.texts : std::vector{b.text},
                             "--" + b.entry->name, c);
        if (print_config_) {
            out << table_.print(c) << table_.notes(c);
            return std::nullopt;
        }
        return c;
    }

  private:
    // "(repeatable)" goes at the end of the first line, before any list that follows.
    static std::string repeatable_help(std::string help) {
        return help.insert(std::min(help.find('\n'), help.size()), " (repeatable)");
    }

    struct binding {
        const setting<Config>* entry = nullptr;
        CLI::Option* option = nullptr;
        std::string text;
        std::vector<std::string> texts;
    };
    const table<Config>& table_;
    std::deque<binding> bound_;  // CLI11 keeps pointers into each binding
    std::string profile_file_;
    bool print_config_ = false;
    bool markdown_ = false;
};

}  // namespace mxc::app::settings
