#include "core/baseline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "core/result.hpp"
#include "util/atomic_file.hpp"

namespace mxc::core {

namespace {

// The member names of each format: the case id, then its verdict.
struct format_keys {
    const char* id;
    const char* word;
};
format_keys keys_of(baseline_format f) {
    return f == baseline_format::jsonl ? format_keys{"id", "verdict"}
                                       : format_keys{"Test", "Action"};
}

std::string word_of(verdict v, baseline_format f) {
    return std::string(f == baseline_format::jsonl ? to_string(v) : complement_action(v));
}

// A verdict's place in the order "worse is higher"; none for the verdicts that judge nothing.
std::optional<int> rank(std::string_view word, baseline_format f) {
    if (f == baseline_format::complement) {
        if (word == "pass") return 0;
        if (word == "fail") return 1;
        return std::nullopt;
    }
    switch (parse_verdict(word).value_or(verdict::skipped)) {
        case verdict::pass:
            return 0;
        case verdict::non_strict:
            return 1;
        case verdict::fail:
        case verdict::error:
        case verdict::unexpected_pass:
            return 2;
        default:
            return std::nullopt;
    }
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag.
std::string short_message(const std::exception& e) {
    std::string m = e.what();
    if (auto at = m.find("] "); m.starts_with("[json.") && at != std::string::npos)
        m.erase(0, at + 2);
    return m;
}

// The string member `key` of one line, or an error naming the line.
std::string member(const nlohmann::json& j, const char* key, const std::string& where) {
    const auto it = j.find(key);
    if (it == j.end()) throw std::runtime_error(fmt::format("{}: no \"{}\" member", where, key));
    if (!it->is_string() || it->get_ref<const std::string&>().empty())
        throw std::runtime_error(
            fmt::format("{}: \"{}\" must be a non-empty string, not {}", where, key, it->dump()));
    return it->get<std::string>();
}

void check_word(const std::string& word, baseline_format f, const std::string& where) {
    if (f == baseline_format::jsonl) {
        if (!parse_verdict(word))
            throw std::runtime_error(fmt::format(
                "{}: \"verdict\" must be a verdict (pass, non-strict, observed, unsupported, "
                "skipped, expected-fail, unexpected-pass, fail, error), not '{}'",
                where, word));
    } else if (word != "pass" && word != "fail" && word != "skip") {
        throw std::runtime_error(
            fmt::format("{}: \"Action\" must be pass, fail or skip, not '{}'", where, word));
    }
}

}  // namespace

std::string_view to_string(baseline_format f) {
    return f == baseline_format::jsonl ? "jsonl" : "complement";
}

std::optional<baseline_format> parse_baseline_format(std::string_view s) {
    if (s == "jsonl") return baseline_format::jsonl;
    if (s == "complement") return baseline_format::complement;
    return std::nullopt;
}

std::string_view complement_action(verdict v) {
    switch (v) {
        case verdict::pass:
            return "pass";
        case verdict::fail:
        case verdict::error:
        case verdict::non_strict:
        case verdict::unexpected_pass:
            return "fail";
        default:
            return "skip";
    }
}

baseline read_baseline(const std::filesystem::path& file, baseline_format format) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(fmt::format("{}: cannot read the baseline file", file.string()));
    baseline b{file, format, {}};
    const auto keys = keys_of(format);
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        const auto where = fmt::format("{}:{}", file.string(), line);
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            throw std::runtime_error(fmt::format("{}: not JSON: {}", where, short_message(e)));
        }
        if (!j.is_object())
            throw std::runtime_error(fmt::format("{}: expected an object {{\"{}\", \"{}\"}}", where,
                                                 keys.id, keys.word));
        auto id = member(j, keys.id, where);
        auto word = member(j, keys.word, where);
        check_word(word, format, where);
        std::string observation;
        if (const auto o = j.find("observation");
            format == baseline_format::jsonl && o != j.end()) {
            if (!o->is_string())
                throw std::runtime_error(
                    fmt::format("{}: \"observation\" must be a string, not {}", where, o->dump()));
            observation = o->get<std::string>();
        }
        auto [it, fresh] = b.entries.try_emplace(
            std::move(id), baseline_entry{word, line, std::move(observation)});
        if (!fresh)
            throw std::runtime_error(
                fmt::format("{}: '{}' is already on line {}", where, it->first, it->second.line));
    }
    return b;
}

std::string baseline_text(const std::vector<case_result>& results, baseline_format format) {
    const auto keys = keys_of(format);
    std::map<std::string, std::string> lines;  // sorted by id
    for (const auto& r : results) {
        nlohmann::ordered_json j;
        // Complement's lines name the action first; ours the id.
        if (format == baseline_format::jsonl) {
            j[keys.id] = r.def->id;
            j[keys.word] = word_of(r.v, format);
            if (!r.observation.empty()) j["observation"] = r.observation;
        } else {
            j[keys.word] = word_of(r.v, format);
            j[keys.id] = r.def->id;
        }
        // An observation holds what a server sent; bytes that are not UTF-8 must not throw.
        lines[r.def->id] = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    std::string out;
    for (const auto& [id, line] : lines) out += line + '\n';
    return out;
}

void write_baseline(const std::filesystem::path& file, const std::vector<case_result>& results,
                    baseline_format format) {
    util::write_file_atomic(file, baseline_text(results, format));
}

baseline_comparison compare(const baseline& b, const std::vector<case_result>& results,
                            bool strict) {
    baseline_comparison c;
    c.file = b.file.string();
    c.format = b.format;
    std::vector<const case_result*> sorted;
    for (const auto& r : results) sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* x, const auto* y) { return x->def->id < y->def->id; });
    std::set<std::string> run;
    for (const auto* r : sorted) {
        const auto& id = r->def->id;
        run.insert(id);
        const auto now = word_of(r->v, b.format);
        // The fine verdict is shown even when the comparison is coarse: it says more.
        const std::string shown(to_string(r->v));
        const auto it = b.entries.find(id);
        if (it == b.entries.end()) {
            (fails_run(r->v, strict) ? c.regressions : c.added).push_back({id, "", shown});
            continue;
        }
        if (b.format == baseline_format::jsonl && it->second.observation != r->observation)
            c.observations.push_back({id, it->second.observation, r->observation});
        const auto& was = it->second.word;
        if (was == now) {
            ++c.unchanged;
            continue;
        }
        const auto before = rank(was, b.format), after = rank(now, b.format);
        auto& list = !before || !after || *before == *after ? c.changed
                     : *after > *before                     ? c.regressions
                                                            : c.improvements;
        list.push_back({id, was, shown});
    }
    for (const auto& [id, e] : b.entries)
        if (!run.count(id)) c.gone.push_back({id, e.word, ""});
    return c;
}

}  // namespace mxc::core
