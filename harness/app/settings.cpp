#include "app/settings.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mxc::app::settings {

namespace {

// The whole text as a number of type T, or nothing.
template <class T>
std::optional<T> number(std::string_view t) {
    T v{};
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || t.empty()) return std::nullopt;
    return v;
}

std::string at(const std::filesystem::path& f, const YAML::Mark& m) {
    return fmt::format("{}:{}:{}", f.string(), m.line + 1, m.column + 1);
}

std::string lower(std::string_view t) {
    std::string out(t);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

int scalar<int>::parse(std::string_view t) {
    if (auto v = number<int>(t)) return *v;
    throw std::invalid_argument(fmt::format("'{}' is not a whole number", t));
}
std::string scalar<int>::text(int v) {
    return std::to_string(v);
}

std::size_t scalar<std::size_t>::parse(std::string_view t) {
    if (auto v = number<std::size_t>(t)) return *v;
    throw std::invalid_argument(fmt::format("'{}' is not a whole number of 0 or more", t));
}
std::string scalar<std::size_t>::text(std::size_t v) {
    return std::to_string(v);
}

double scalar<double>::parse(std::string_view t) {
    if (auto v = number<double>(t)) return *v;
    throw std::invalid_argument(fmt::format("'{}' is not a number", t));
}
std::string scalar<double>::text(double v) {
    return fmt::format("{}", v);
}

bool scalar<bool>::parse(std::string_view t) {
    const auto l = lower(t);
    if (l == "true" || l == "yes" || l == "on") return true;
    if (l == "false" || l == "no" || l == "off") return false;
    throw std::invalid_argument(fmt::format("'{}' is not true or false", t));
}

std::vector<profile_value> read_profile(const std::filesystem::path& file) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const YAML::BadFile&) {
        throw std::runtime_error(file.string() + ": cannot read the profile");
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(at(file, e.mark) + ": " + e.msg);
    }
    std::vector<profile_value> out;
    if (root.IsNull()) return out;
    if (!root.IsMap())
        throw std::runtime_error(at(file, root.Mark()) + ": a profile is a map of settings");
    for (const auto& kv : root) {
        profile_value v;
        v.key_at = at(file, kv.first.Mark());
        if (!kv.first.IsScalar())
            throw std::runtime_error(v.key_at + ": a setting's name is a plain word");
        v.key = kv.first.Scalar();
        const auto& n = kv.second;
        v.value_at = at(file, n.Mark());
        using shape = profile_value::shape;
        if (n.IsNull()) {
            v.form = shape::null;
            v.value_at = v.key_at;  // an absent value has no place of its own
        } else if (n.IsScalar()) {
            v.texts = {n.Scalar()};
        } else if (n.IsSequence()) {
            v.form = shape::sequence;
            for (const auto& x : n) {
                if (!x.IsScalar()) v.form = shape::other;
                v.texts.push_back(x.IsScalar() ? x.Scalar() : std::string());
            }
        } else {
            v.form = shape::other;
        }
        out.push_back(std::move(v));
    }
    return out;
}

std::string emit_profile(const std::vector<shown_value>& rows) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const auto& r : rows) {
        out << YAML::Key << r.key << YAML::Value;
        if (r.repeatable)
            out << YAML::Flow << r.texts;
        else
            out << (r.texts.empty() ? std::string() : r.texts.front());
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::string markdown_table(const std::vector<std::pair<info, std::string>>& rows) {
    // A table cell holds no newline, and a bare '|' would end it.
    auto cell = [](std::string_view text) {
        std::string out;
        for (char c : text.substr(0, text.find('\n'))) {
            if (c == '|') out += '\\';
            out += c;
        }
        return out;
    };
    std::string out = "| flag | default | meaning |\n|---|---|---|\n";
    for (const auto& [i, shown] : rows) {
        const auto flag = i.is_switch ? fmt::format("--{}", i.name)
                                      : fmt::format("--{} {}", i.name, i.value_name);
        const auto default_cell = shown.empty() ? std::string() : fmt::format("`{}`", cell(shown));
        out += fmt::format("| `{}` | {} | {}{} |\n", cell(flag), default_cell, cell(i.help),
                           i.repeatable ? " (repeatable)" : "");
    }
    return out;
}

check<int> between(int low, int high) {
    return [=](const int& v) {
        return v < low || v > high ? fmt::format("must be {}..{}, not {}", low, high, v)
                                   : std::string();
    };
}

check<int> at_least(int low) {
    return [=](const int& v) {
        return v < low ? fmt::format("must be at least {}, not {}", low, v) : std::string();
    };
}

check<std::string> one_of(std::vector<std::string> allowed) {
    return [allowed = std::move(allowed)](const std::string& v) {
        if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return std::string();
        std::string list;
        for (std::size_t i = 0; i < allowed.size(); ++i) {
            if (i > 0) list += i + 1 == allowed.size() ? " or " : ", ";
            list += allowed[i];
        }
        return fmt::format("must be {}, not '{}'", list, v);
    };
}

}  // namespace mxc::app::settings
