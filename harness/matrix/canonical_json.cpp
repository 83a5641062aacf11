#include "matrix/canonical_json.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace mxc::matrix {

canonical_json_error::canonical_json_error(const std::string& problem, std::string pointer)
    : std::invalid_argument("canonical JSON: " + problem + " at " +
                            (pointer.empty() ? std::string("the root") : "\"" + pointer + "\"")),
      pointer_(std::move(pointer)) {}

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629 §4: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 if it is not well formed.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto b = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xc0) == 0x80; };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (!cont(i + 1) || !cont(i + 2)) return 0;
        if (c == 0xe0 && b(i + 1) < 0xa0) return 0;   // overlong
        if (c == 0xed && b(i + 1) >= 0xa0) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        if (c == 0xf0 && b(i + 1) < 0x90) return 0;   // overlong
        if (c == 0xf4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

// Appends the canonical form of one value to out_; pointer tracks where it is, for errors.
class writer {
  public:
    std::string take() { return std::move(out_); }

    explicit writer(bool skip_unsigned_parts = false) : skip_unsigned_parts_(skip_unsigned_parts) {}

    void value(const nlohmann::json& v, std::string& pointer) {
        using t = nlohmann::json::value_t;
        switch (v.type()) {
            case t::null:
                out_ += "null";
                break;
            case t::boolean:
                out_ += v.get<bool>() ? "true" : "false";
                break;
            case t::number_integer:
                integer(v.get<std::int64_t>(), pointer);
                break;
            case t::number_unsigned:
                unsigned_integer(v.get<std::uint64_t>(), pointer);
                break;
            case t::number_float:
                throw canonical_json_error("float " + v.dump() + " is not allowed", pointer);
            case t::string:
                string(v.get_ref<const std::string&>(), pointer);
                break;
            case t::array:
                array(v, pointer);
                break;
            case t::object:
                object(v, pointer);
                break;
            case t::binary:
                throw canonical_json_error("binary value is not JSON", pointer);
            case t::discarded:
                throw canonical_json_error("discarded value is not JSON", pointer);
        }
    }

  private:
    std::string out_;
    // Set for the top-level object of canonical_json_for_signing only; cleared on the way down.
    bool skip_unsigned_parts_;

    void integer(std::int64_t n, const std::string& pointer) {
        if (n < -max_canonical_integer || n > max_canonical_integer)
            throw canonical_json_error("integer " + std::to_string(n) + " is outside ±(2^53-1)",
                                       pointer);
        out_ += std::to_string(n);
    }

    void unsigned_integer(std::uint64_t n, const std::string& pointer) {
        if (n > static_cast<std::uint64_t>(max_canonical_integer))
            throw canonical_json_error("integer " + std::to_string(n) + " is outside ±(2^53-1)",
                                       pointer);
        out_ += std::to_string(n);
    }

    // The grammar's "escaped" rule: the two-character forms where they exist, \u00XX with
    // lower-case hex for the other control characters, and nothing else escaped.
    void string(std::string_view s, const std::string& pointer) {
        static constexpr char hex[] = "0123456789abcdef";
        out_.push_back('"');
        for (std::size_t i = 0; i < s.size();) {
            const auto c = static_cast<unsigned char>(s[i]);
            const std::size_t len = utf8_sequence_length(s, i);
            if (len == 0)
                throw canonical_json_error("invalid UTF-8 at byte " + std::to_string(i), pointer);
            if (len > 1) {
                out_.append(s.substr(i, len));
                i += len;
                continue;
            }
            switch (c) {
                case '"':
                    out_ += "\\\"";
                    break;
                case '\\':
                    out_ += "\\\\";
                    break;
                case '\b':
                    out_ += "\\b";
                    break;
                case '\t':
                    out_ += "\\t";
                    break;
                case '\n':
                    out_ += "\\n";
                    break;
                case '\f':
                    out_ += "\\f";
                    break;
                case '\r':
                    out_ += "\\r";
                    break;
                default:
                    if (c < 0x20) {
                        out_ += "\\u00";
                        out_.push_back(hex[c >> 4]);
                        out_.push_back(hex[c & 15]);
                    } else {
                        out_.push_back(static_cast<char>(c));
                    }
            }
            ++i;
        }
        out_.push_back('"');
    }

    void array(const nlohmann::json& v, std::string& pointer) {
        out_.push_back('[');
        const std::size_t base = pointer.size();
        std::size_t index = 0;
        for (const auto& item : v) {
            if (index) out_.push_back(',');
            pointer += "/" + std::to_string(index++);
            value(item, pointer);
            pointer.resize(base);
        }
        out_.push_back(']');
    }

    // Sorting UTF-8 bytes as unsigned values gives code point order (RFC 3629 §1), which is
    // what the spec asks for; UTF-16 order would differ for astral characters.
    void object(const nlohmann::json& v, std::string& pointer) {
        using member = std::pair<const std::string*, const nlohmann::json*>;
        std::vector<member> members;
        members.reserve(v.size());
        const bool skip = std::exchange(skip_unsigned_parts_, false);
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (skip && (it.key() == "signatures" || it.key() == "unsigned")) continue;
            members.emplace_back(&it.key(), &it.value());
        }
        std::sort(members.begin(), members.end(), [](const member& a, const member& b) {
            return std::lexicographical_compare(a.first->begin(), a.first->end(), b.first->begin(),
                                                b.first->end(), [](char x, char y) {
                                                    return static_cast<unsigned char>(x) <
                                                           static_cast<unsigned char>(y);
                                                });
        });
        out_.push_back('{');
        const std::size_t base = pointer.size();
        bool first = true;
        for (const auto& [key, item] : members) {
            if (!first) out_.push_back(',');
            first = false;
            pointer += (nlohmann::json::json_pointer() / *key).to_string();  // RFC 6901 escapes
            string(*key, pointer);
            out_.push_back(':');
            value(*item, pointer);
            pointer.resize(base);
        }
        out_.push_back('}');
    }
};

}  // namespace

std::string canonical_json(const nlohmann::json& value) {
    writer w;
    std::string pointer;
    w.value(value, pointer);
    return w.take();
}

std::string canonical_json_for_signing(const nlohmann::json& object) {
    if (!object.is_object())
        throw std::invalid_argument("only a JSON object can be signed, not " +
                                    std::string(object.type_name()));
    writer w(true);
    std::string pointer;
    w.value(object, pointer);
    return w.take();
}

}  // namespace mxc::matrix
