// A Swagger path template such as /_matrix/client/v3/sendToDevice/{eventType}/{txnId},
// matched against the decoded segments of a request path.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mxc::spec {

class path_template {
  public:
    explicit path_template(std::string_view text);

    // Parameter name -> value when every segment matches: a literal segment exactly, a
    // `{name}` segment any one non-empty segment (so an encoded '/' stays inside it).
    std::optional<std::map<std::string, std::string>> match(
        const std::vector<std::string>& segments) const;

    const std::string& text() const { return text_; }
    // More literal segments make a template more specific: /devices/me beats /devices/{id}.
    std::size_t literal_count() const { return literal_count_; }

  private:
    struct segment {
        std::string text;  // the literal, or the parameter name
        bool parameter;
    };

    std::string text_;
    std::vector<segment> segments_;
    std::size_t literal_count_ = 0;
};

}  // namespace mxc::spec
