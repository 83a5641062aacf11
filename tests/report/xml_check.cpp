#include "xml_check.hpp"

#include <cctype>
#include <vector>

#include "report/text_escape.hpp"

namespace mxc::report::test {
namespace {

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == ':';
}

// At s[i] == '&': a known entity or a character reference.
bool entity_ok(std::string_view s, std::size_t i) {
    auto end = s.find(';', i);
    if (end == std::string_view::npos) return false;
    auto name = s.substr(i + 1, end - i - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos")
        return true;
    if (name.size() > 1 && name[0] == '#') {
        bool hex = name[1] == 'x';
        auto digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) return false;
        for (char c : digits)
            if (!(hex ? std::isxdigit(static_cast<unsigned char>(c))
                      : std::isdigit(static_cast<unsigned char>(c))))
                return false;
        return true;
    }
    return false;
}

}  // namespace

std::string xml_problem(std::string_view doc) {
    if (valid_utf8(doc) != doc) return "not valid UTF-8";
    for (std::size_t i = 0; i < doc.size(); ++i) {
        auto c = static_cast<unsigned char>(doc[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return "control character at " + std::to_string(i);
    }
    std::vector<std::string> open;
    bool root_seen = false;
    std::size_t i = 0;
    if (doc.substr(0, 5) == "<?xml") i = doc.find("?>") + 2;
    while (i < doc.size()) {
        char c = doc[i];
        if (c == '&') {
            if (!entity_ok(doc, i)) return "bad entity at " + std::to_string(i);
            ++i;
        } else if (c == '>') {
            ++i;  // allowed in text
        } else if (c != '<') {
            if (open.empty() && !std::isspace(static_cast<unsigned char>(c)))
                return "text outside the root";
            ++i;
        } else if (doc.substr(i, 4) == "<!--") {
            auto end = doc.find("-->", i);
            if (end == std::string_view::npos) return "unclosed comment";
            i = end + 3;
        } else if (doc.substr(i, 2) == "</") {
            auto end = doc.find('>', i);
            if (end == std::string_view::npos) return "unclosed end tag";
            std::string name(doc.substr(i + 2, end - i - 2));
            if (open.empty() || open.back() != name)
                return "mismatched </" + name + "> at " + std::to_string(i);
            open.pop_back();
            i = end + 1;
        } else {
            std::size_t k = i + 1;
            while (k < doc.size() && name_char(doc[k])) ++k;
            std::string name(doc.substr(i + 1, k - i - 1));
            if (name.empty()) return "'<' in text at " + std::to_string(i);
            if (open.empty() && root_seen) return "second root element " + name;
            // attributes: name="value" with a clean value
            while (true) {
                while (k < doc.size() && std::isspace(static_cast<unsigned char>(doc[k]))) ++k;
                if (k >= doc.size()) return "unclosed tag " + name;
                if (doc[k] == '>' || doc.substr(k, 2) == "/>") break;
                std::size_t a = k;
                while (k < doc.size() && name_char(doc[k])) ++k;
                if (k == a || k + 1 >= doc.size() || doc[k] != '=' || doc[k + 1] != '"')
                    return "bad attribute in <" + name + "> at " + std::to_string(k);
                auto end = doc.find('"', k + 2);
                if (end == std::string_view::npos) return "unclosed attribute value";
                for (std::size_t v = k + 2; v < end; ++v) {
                    if (doc[v] == '<') return "'<' in an attribute value";
                    if (doc[v] == '&' && !entity_ok(doc, v))
                        return "bad entity in an attribute value";
                }
                k = end + 1;
            }
            root_seen = true;
            if (doc[k] == '>') {
                open.push_back(name);
                i = k + 1;
            } else {
                i = k + 2;
            }
        }
    }
    if (!open.empty()) return "unclosed <" + open.back() + ">";
    if (!root_seen) return "no root element";
    return {};
}

}  // namespace mxc::report::test
