// How a setting's C++ type is read from the text of a flag or profile value and shown again
// (--print-config, the README's defaults). scalar<T> is one value; codec<T> adds the shape:
// a std::vector is repeatable, a std::optional is empty when the text is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mxc::app::settings {

// parse(text) -> T throws std::invalid_argument saying what is wrong; text(value) is its inverse.
template <class T>
struct scalar;

template <>
struct scalar<std::string> {
    static std::string parse(std::string_view t) { return std::string(t); }
    static std::string text(const std::string& v) { return v; }
};
template <>
struct scalar<int> {
    static int parse(std::string_view t);
    static std::string text(int v);
};
template <>
struct scalar<std::size_t> {
    static std::size_t parse(std::string_view t);
    static std::string text(std::size_t v);
};
template <>
struct scalar<double> {
    static double parse(std::string_view t);
    static std::string text(double v);
};
// true/false, and YAML's yes/no and on/off.
template <>
struct scalar<bool> {
    static bool parse(std::string_view t);
    static std::string text(bool v) { return v ? "true" : "false"; }
};
template <class T>
struct scalar<std::optional<T>> {
    static std::optional<T> parse(std::string_view t) {
        if (t.empty()) return std::nullopt;
        return scalar<T>::parse(t);
    }
    static std::string text(const std::optional<T>& v) { return v ? scalar<T>::text(*v) : ""; }
};

template <class T>
struct codec {
    static constexpr bool repeatable = false;
    // The last text wins, as with a flag given twice.
    static T read(const std::vector<std::string>& texts) {
        return scalar<T>::parse(texts.empty() ? std::string_view() : texts.back());
    }
    static std::vector<std::string> show(const T& v) { return {scalar<T>::text(v)}; }
};
template <class T>
struct codec<std::vector<T>> {
    static constexpr bool repeatable = true;
    static std::vector<T> read(const std::vector<std::string>& texts) {
        std::vector<T> out;
        for (const auto& t : texts) out.push_back(scalar<T>::parse(t));
        return out;
    }
    static std::vector<std::string> show(const std::vector<T>& v) {
        std::vector<std::string> out;
        for (const auto& x : v) out.push_back(scalar<T>::text(x));
        return out;
    }
};

}  // namespace mxc::app::settings
