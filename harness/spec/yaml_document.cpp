#include "spec/yaml_document.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <regex>

#include "spec/json_pointer.hpp"
#include "spec/spec_error.hpp"

namespace mxc::spec {

namespace {

std::string mark_place(const std::filesystem::path& file, const YAML::Mark& mark) {
    if (mark.is_null()) return file.string();
    return fmt::format("{}:{}:{}", file.string(), mark.line + 1, mark.column + 1);
}

std::optional<nlohmann::json> to_integer(const std::string& s) {
    std::string_view digits = s;
    int base = 10;
    if (digits.starts_with("0x"))
        base = 16, digits.remove_prefix(2);
    else if (digits.starts_with("0o"))
        base = 8, digits.remove_prefix(2);
    else if (digits.starts_with('+'))
        digits.remove_prefix(1);
    if (digits.empty()) return std::nullopt;
    const char* end = digits.data() + digits.size();
    std::int64_t i = 0;
    if (auto r = std::from_chars(digits.data(), end, i, base); r.ec == std::errc{} && r.ptr == end)
        return nlohmann::json(i);
    std::uint64_t u = 0;
    if (auto r = std::from_chars(digits.data(), end, u, base); r.ec == std::errc{} && r.ptr == end)
        return nlohmann::json(u);
    return std::nullopt;
}

std::optional<nlohmann::json> to_float(const std::string& s) {
    static const std::regex number(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf")
        return nlohmann::json(std::numeric_limits<double>::infinity());
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF")
        return nlohmann::json(-std::numeric_limits<double>::infinity());
    if (s == ".nan" || s == ".NaN" || s == ".NAN") return nlohmann::json(std::nan(""));
    if (!std::regex_match(s, number)) return std::nullopt;
    // strtod, not stod: 1e999 is a float too large for a double, infinity as in YAML's core
    // schema, where stod threw std::out_of_range past the loader (found by fuzz/spec_loader.cpp).
    return nlohmann::json(std::strtod(s.c_str(), nullptr));
}

// JSON text is UTF-8, and nlohmann's dump() throws on anything else; YAML files are too (YAML 1.2
// §5.2, as we write them), but yaml-cpp passes any bytes through (found by fuzz/spec_loader.cpp).
bool is_utf8(const std::string& s) {
    try {
        (void)nlohmann::json(s).dump();
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

// YAML 1.2 core schema, which is what Swagger tools apply; yaml-cpp leaves plain
// scalars untyped, and a schema limit like `maxItems: 50` must stay a number.
nlohmann::json plain_scalar(const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    static const std::regex integer(R"([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)");
    if (std::regex_match(s, integer)) {
        if (auto i = to_integer(s)) return *i;
    }
    if (auto f = to_float(s)) return *f;
    return s;
}

class converter {
  public:
    explicit converter(yaml_document& doc) : doc_(doc) {}

    nlohmann::json convert(const YAML::Node& node, const std::string& pointer) {
        switch (node.Type()) {
            case YAML::NodeType::Undefined:
            case YAML::NodeType::Null:
                return nullptr;
            case YAML::NodeType::Scalar:
                if (!is_utf8(node.Scalar())) fail(node.Mark(), "a value that is not UTF-8 text");
                return scalar(node);
            case YAML::NodeType::Sequence: {
                auto out = nlohmann::json::array();
                for (std::size_t i = 0; i < node.size(); ++i)
                    out.push_back(convert(node[i], pointer + "/" + std::to_string(i)));
                return out;
            }
            case YAML::NodeType::Map:
                return map(node, pointer);
        }
        return nullptr;
    }

  private:
    nlohmann::json map(const YAML::Node& node, const std::string& pointer) {
        auto out = nlohmann::json::object();
        for (const auto& kv : node) {
            if (!kv.first.IsScalar())
                fail(kv.first.Mark(), "a mapping key must be a scalar to be a JSON key");
            const std::string& key = kv.first.Scalar();
            if (!is_utf8(key)) fail(kv.first.Mark(), "a key that is not UTF-8 text");
            if (out.contains(key)) fail(kv.first.Mark(), fmt::format("duplicate key '{}'", key));
            out[key] = convert(kv.second, pointer + "/" + escape_pointer_token(key));
        }
        if (auto ref = out.find("$ref"); ref != out.end() && ref->is_string())
            doc_.ref_places[pointer] = mark_place(doc_.file, node.Mark());
        return out;
    }

    nlohmann::json scalar(const YAML::Node& node) {
        const std::string& tag = node.Tag();
        const std::string& s = node.Scalar();
        if (tag == "!" || tag == "tag:yaml.org,2002:str") return s;
        if (tag == "?" || tag.empty()) return plain_scalar(s);
        if (tag == "tag:yaml.org,2002:int") {
            if (auto v = plain_scalar(s); v.is_number_integer()) return v;
        } else if (tag == "tag:yaml.org,2002:float") {
            if (auto v = plain_scalar(s); v.is_number()) return v.get<double>();
        } else if (tag == "tag:yaml.org,2002:bool") {
            auto v = plain_scalar(s);
            if (v.is_boolean()) return v;
        } else if (tag == "tag:yaml.org,2002:null") {
            if (plain_scalar(s).is_null()) return nullptr;
        } else {
            fail(node.Mark(), fmt::format("unsupported tag '{}'", tag));
        }
        fail(node.Mark(), fmt::format("'{}' is not a valid {}", s, tag));
    }

    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) {
        throw spec_error(fmt::format("{}: {}", mark_place(doc_.file, mark), message));
    }

    yaml_document& doc_;
};

}  // namespace

yaml_document yaml_document::read(const std::filesystem::path& file) {
    yaml_document doc;
    doc.file = file;
    YAML::Node node;
    try {
        node = YAML::LoadFile(file.string());
    } catch (const YAML::BadFile&) {
        throw spec_error(fmt::format("{}: cannot read the file", file.string()));
    } catch (const YAML::Exception& e) {
        throw spec_error(fmt::format("{}: {}", mark_place(file, e.mark), e.msg));
    }
    doc.root = converter(doc).convert(node, "");
    return doc;
}

}  // namespace mxc::spec
