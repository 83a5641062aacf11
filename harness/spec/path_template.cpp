#include "spec/path_template.hpp"

#include <algorithm>

namespace mxc::spec {

path_template::path_template(std::string_view text) : text_(text) {
    std::size_t start = text.starts_with('/') ? 1 : 0;
    while (start <= text.size()) {
        const auto slash = std::min(text.find('/', start), text.size());
        const auto part = text.substr(start, slash - start);
        // A whole-segment {name} is a parameter; anything else, braces included, is literal.
        if (part.size() > 2 && part.front() == '{' && part.back() == '}' &&
            part.find_first_of("{}", 1) == part.size() - 1) {
            segments_.push_back({std::string(part.substr(1, part.size() - 2)), true});
        } else {
            segments_.push_back({std::string(part), false});
            ++literal_count_;
        }
        start = slash + 1;
    }
}

std::optional<std::map<std::string, std::string>> path_template::match(
    const std::vector<std::string>& segments) const {
    if (segments.size() != segments_.size()) return std::nullopt;
    std::map<std::string, std::string> values;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (!segments_[i].parameter) {
            if (segments[i] != segments_[i].text) return std::nullopt;
        } else {
            if (segments[i].empty()) return std::nullopt;
            values[segments_[i].text] = segments[i];
        }
    }
    return values;
}

}  // namespace mxc::spec
