// A command's settings as one table (issue 8, "Settings as one table"): each entry is declared
// once — name, C++ type (the config member it binds), default (the member's initialiser), help
// and check — and that declaration makes the flag (settings_cli.hpp), the profile key, the
// profile-then-flags merge, --print-config and the README's table. The config struct stays a
// plain typed struct that the rest of the code reads by const reference.
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/setting_codec.hpp"

namespace mxc::app::settings {

// What every entry has, whatever its type: enough for help texts, profiles and the README.
struct info {
    std::string name;        // the flag without "--", and the profile key
    std::string value_name;  // URL, N, ... in help texts; empty for a switch
    std::string help;        // first line: the README's; further lines only in --help
    bool repeatable = false;
    bool is_switch = false;
};

template <class Config>
struct setting : info {
    // Reads what was given (one text, or several for a repeatable entry) into the member;
    // throws std::invalid_argument with what is wrong with the text.
    std::function<void(Config&, const std::vector<std::string>&)> read;
    // The member's value as text, one element per value of a repeatable entry.
    std::function<std::vector<std::string>(const Config&)> show;
    // What is wrong with the member's value ("must be 1..64, not 0"), or empty.
    std::function<std::string(const Config&)> problem;
};

// A check on one value: returns what is wrong with it, or empty.
template <class T>
using check = std::function<std::string(const T&)>;

// One entry bound to `member`. A bool member is a switch (`--strict`, `--strict=false`); a
// std::vector member is repeatable.
template <class Config, class T>
setting<Config> declare(std::string name, T Config::*member, std::string value_name,
                        std::string help, check<T> check_value = {}) {
    setting<Config> s;
    s.name = std::move(name);
    s.value_name = std::move(value_name);
    s.help = std::move(help);
    s.repeatable = codec<T>::repeatable;
    s.is_switch = std::is_same_v<T, bool>;
    s.read = [member](Config& c, const std::vector<std::string>& texts) {
        c.*member = codec<T>::read(texts);
    };
    s.show = [member](const Config& c) { return codec<T>::show(c.*member); };
    s.problem = [member, check_value](const Config& c) {
        return check_value ? check_value(c.*member) : std::string();
    };
    return s;
}

// A value of a profile as the YAML file gave it, before any setting reads it.
struct profile_value {
    enum class shape { scalar, sequence, null, other };
    std::string key;
    std::string key_at;    // "file:line:column" of the key
    std::string value_at;  // "file:line:column" of the value
    shape form = shape::scalar;
    std::vector<std::string> texts;
};

// The map of a YAML profile in file order. Throws std::runtime_error "file:line:column: ..." for
// a file that cannot be read or parsed, or that is not a map.
std::vector<profile_value> read_profile(const std::filesystem::path& file);

// A profile (YAML map) of `rows` (key, texts, repeatable), in order.
struct shown_value {
    std::string key;
    std::vector<std::string> texts;
    bool repeatable = false;
};
std::string emit_profile(const std::vector<shown_value>& rows);

// The README's Markdown table: one row per entry, with its default.
std::string markdown_table(const std::vector<std::pair<info, std::string>>& rows);

// Ready-made checks for the common shapes.
check<int> between(int low, int high);
check<int> at_least(int low);
check<std::string> one_of(std::vector<std::string> allowed);

template <class Config>
class table {
  public:
    // notes: what --print-config adds after the profile, as YAML comments (facts that follow
    // from the settings, such as how many accounts the selected cases make).
    table(std::string command, std::vector<setting<Config>> entries,
          std::function<std::string(const Config&)> notes = {})
        : command_(std::move(command)), entries_(std::move(entries)), notes_(std::move(notes)) {}

    const std::string& command() const { return command_; }
    const std::vector<setting<Config>>& entries() const { return entries_; }

    // Reads the given texts into the entry's member and checks the result; throws
    // std::runtime_error starting with `subject` ("--jobs", or "file:line:column: jobs").
    void apply(const setting<Config>& s, const std::vector<std::string>& texts,
               const std::string& subject, Config& into) const {
        try {
            s.read(into, texts);
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(subject + ": " + e.what());
        }
        if (auto p = s.problem(into); !p.empty()) throw std::runtime_error(subject + " " + p);
    }

    // A YAML profile with the entries' names as keys, over what `into` holds. Throws
    // std::runtime_error "file:line:column: ..." for an unknown key or a bad value.
    void load_profile(const std::filesystem::path& file, Config& into) const {
        for (const auto& v : read_profile(file)) {
            const auto* s = find(v.key);
            if (!s)
                throw std::runtime_error(v.key_at + ": unknown setting '" + v.key +
                                         "' (see mxconform " + command_ + " --help)");
            const auto subject = v.value_at + ": " + v.key;
            using shape = profile_value::shape;
            if (v.form == shape::other || (v.form == shape::sequence && !s->repeatable))
                throw std::runtime_error(
                    subject + (s->repeatable ? " must be a list" : " must be a single value"));
            if (v.form == shape::null && !s->repeatable)
                throw std::runtime_error(subject + " needs a value");
            apply(*s, v.texts, subject, into);
        }
    }

    // Every entry's value, as a profile that load_profile reads back (secrets redacted by
    // their codecs).
    std::string print(const Config& c) const {
        std::vector<shown_value> rows;
        for (const auto& s : entries_) rows.push_back({s.name, s.show(c), s.repeatable});
        return emit_profile(rows);
    }

    std::string notes(const Config& c) const { return notes_ ? notes_(c) : std::string(); }

    // Each entry's own check on `c`; throws std::runtime_error "--name problem".
    void check_all(const Config& c) const {
        for (const auto& s : entries_)
            if (auto p = s.problem(c); !p.empty())
                throw std::runtime_error("--" + s.name + " " + p);
    }

    std::string markdown() const {
        const auto& d = defaults();
        std::vector<std::pair<info, std::string>> rows;
        for (const auto& s : entries_) {
            std::string shown;
            for (const auto& t : s.show(d)) shown += (shown.empty() ? "" : ", ") + t;
            rows.emplace_back(s, s.is_switch && shown == "false" ? "" : shown);
        }
        return markdown_table(rows);
    }

    // The config's member initialisers: each entry's default.
    static const Config& defaults() {
        static const Config d;
        return d;
    }

    const setting<Config>* find(std::string_view name) const {
        for (const auto& s : entries_)
            if (s.name == name) return &s;
        return nullptr;
    }

  private:
    std::string command_;
    std::vector<setting<Config>> entries_;
    std::function<std::string(const Config&)> notes_;
};

}  // namespace mxc::app::settings
