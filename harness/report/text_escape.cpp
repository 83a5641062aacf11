#include "report/text_escape.hpp"

#include <fmt/format.h>

namespace mxc::report {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

bool continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Length of the well-formed sequence starting at s[i], or 0 (RFC 3629, table 3-7 of Unicode).
std::size_t sequence_length(std::string_view s, std::size_t i) {
    auto at = [&](std::size_t k) -> unsigned {
        return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u;
    };
    unsigned c = at(i);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return continuation(at(i + 1)) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        unsigned c1 = at(i + 1);
        return c1 >= lo && c1 <= hi && continuation(at(i + 2)) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        unsigned c1 = at(i + 1);
        return c1 >= lo && c1 <= hi && continuation(at(i + 2)) && continuation(at(i + 3)) ? 4 : 0;
    }
    return 0;
}

void append_control(std::string& out, unsigned char c) {
    out += fmt::format("\\u{:04x}", c);
}

}  // namespace

std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = sequence_length(s, i);
        if (n == 0) {
            out += replacement;
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string escape_markup(std::string_view raw, bool attribute) {
    std::string s = valid_utf8(raw);
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '&':
                out += "&amp;";
                continue;
            case '<':
                out += "&lt;";
                continue;
            case '>':
                out += "&gt;";
                continue;
            case '"':
                out += "&quot;";
                continue;
            case '\'':
                out += "&#39;";
                continue;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                continue;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                continue;
            case '\r':
                out += attribute ? "&#13;" : "\r";
                continue;
            default:
                break;
        }
        if (c < 0x20 || c == 0x7F) {
            append_control(out, c);
        } else if (c == 0xEF && i + 2 < s.size() && s[i + 1] == '\xBF' &&
                   (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) {
            out += replacement;  // U+FFFE and U+FFFF are not XML characters either
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string markdown_text(std::string_view raw) {
    std::string s = valid_utf8(raw);
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '&':
                out += "&amp;";
                continue;
            case '<':
                out += "&lt;";
                continue;
            case '>':
                out += "&gt;";
                continue;
            case '\r':
                if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
                out += "<br>";
                continue;
            case '\n':
                out += "<br>";
                continue;
            case '\\':
            case '|':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '~':
                out += '\\';
                out += static_cast<char>(c);
                continue;
            default:
                break;
        }
        if (c < 0x20 || c == 0x7F)
            append_control(out, c);
        else
            out += static_cast<char>(c);
    }
    return out;
}

std::string markdown_code(std::string_view s) {
    for (char c : s)
        if (c == '`' || c == '|' || static_cast<unsigned char>(c) < 0x20) return markdown_text(s);
    return "`" + valid_utf8(s) + "`";
}

std::string printable(std::string_view raw) {
    std::string s = valid_utf8(raw);
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            append_control(out, c);
        else
            out += ch;
    }
    return out;
}

std::string cut(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    std::size_t n = max_bytes;
    while (n > 0 && continuation(static_cast<unsigned char>(s[n]))) --n;
    return std::string(s.substr(0, n)) + "…";
}

}  // namespace mxc::report
