#include "report/redact.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace mxc::report {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// At s[i] is a quote (plain, or the '"' of an escaped \" in JSON-inside-a-string). If a secret
// key and a ':' follow, returns where its value starts and whether the key was escaped.
struct key_match {
    std::size_t value = 0;
    bool escaped = false;
};

bool match_key(std::string_view s, std::size_t i, const std::vector<std::string>& keys,
               key_match& m) {
    for (std::string_view key : keys) {
        std::size_t k = i + 1;
        if (s.substr(k, key.size()) != key) continue;
        k += key.size();
        bool escaped = false;
        if (k < s.size() && s[k] == '"') {
            ++k;
        } else if (s.substr(k, 2) == "\\\"") {
            k += 2;
            escaped = true;
        } else {
            continue;
        }
        while (k < s.size() && is_space(s[k])) ++k;
        if (k >= s.size() || s[k] != ':') continue;
        ++k;
        while (k < s.size() && is_space(s[k])) ++k;
        m = {k, escaped};
        return true;
    }
    return false;
}

// Replaces the JSON value starting at m.value; returns where scanning resumes.
std::size_t replace_value(std::string_view s, const key_match& m, std::string& out) {
    std::string_view quote = m.escaped ? "\\\"" : "\"";
    std::size_t k = m.value;
    if (s.substr(k, quote.size()) == quote) {
        k += quote.size();
        std::size_t end = k;
        if (m.escaped) {
            end = s.find(quote, k);
        } else {
            while (end < s.size() && s[end] != '"') end += s[end] == '\\' ? 2 : 1;
        }
        out += quote;
        out += redacted_marker;
        out += quote;
        // A truncated body may end inside the secret: everything after it is dropped.
        return end >= s.size() ? s.size() : end + quote.size();
    }
    if (k < s.size() && (s[k] == '{' || s[k] == '[')) return k;  // not a scalar: left alone
    while (k < s.size() && !is_space(s[k]) && s[k] != ',' && s[k] != '}' && s[k] != ']' &&
           s[k] != '\\')
        ++k;
    if (k == m.value) return k;  // truncated before the value: nothing to hide
    out += quote;
    out += redacted_marker;
    out += quote;
    return k;
}

std::string redact_json_members(std::string_view s, const std::vector<std::string>& keys) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        key_match m;
        if (s[i] == '"' && match_key(s, i, keys, m)) {
            out.append(s.substr(i, m.value - i));
            i = replace_value(s, m, out);
        } else {
            out += s[i++];
        }
    }
    return out;
}

// Replaces what follows each occurrence of `prefix` up to a character in `stop`.
template <class Accept>
std::string redact_after(std::string_view s, std::string_view prefix, std::string_view stop,
                         Accept accept) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t at = s.find(prefix, i);
        if (at == std::string_view::npos) break;
        std::size_t value = at + prefix.size();
        out.append(s.substr(i, value - i));
        if (!accept(s, at)) {
            i = value;
            continue;
        }
        std::size_t end = value;
        while (end < s.size() && stop.find(s[end]) == std::string_view::npos && !is_space(s[end]))
            ++end;
        if (end > value) out += redacted_marker;
        i = end;
    }
    out.append(s.substr(std::min(i, s.size())));
    return out;
}

bool starts_with_any(std::string_view value, const std::vector<std::string>& prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) {
        return value.size() > p.size() && iequals(value.substr(0, p.size()), p);
    });
}

}  // namespace

core::header_list redact_headers(const core::header_list& headers, const redaction_policy& p) {
    core::header_list out;
    out.reserve(headers.size());
    for (const auto& [name, value] : headers) {
        const bool secret = std::any_of(p.secret_headers.begin(), p.secret_headers.end(),
                                        [&](std::string_view h) { return iequals(name, h); }) &&
                            !starts_with_any(value, p.kept_header_values);
        out.emplace_back(name, secret ? std::string(redacted_marker) : redact_text(value, p));
    }
    return out;
}

std::string redact_text(std::string_view s, const redaction_policy& p) {
    std::string out = redact_json_members(s, p.json_keys);
    for (const auto& param : p.query_params)
        out = redact_after(out, param + "=", "&#\"'<>\\", [](std::string_view t, std::size_t at) {
            return at == 0 || t[at - 1] == '?' || t[at - 1] == '&';
        });
    for (const auto& prefix : p.token_prefixes)
        out = redact_after(out, prefix, "\"',;<>\\",
                           [](std::string_view, std::size_t) { return true; });
    return out;
}

}  // namespace mxc::report
