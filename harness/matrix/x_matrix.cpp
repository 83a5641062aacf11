#include "matrix/x_matrix.hpp"

#include <map>
#include <vector>

#include "matrix/base64.hpp"
#include "matrix/canonical_json.hpp"

namespace mxc::matrix {

namespace {

bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// RFC 9110 §5.6.2 tchar.
bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_ctl(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
}

// A quoted value (RFC 9110 §5.6.4) is written with '"' and '\' escaped; the values we send never
// need it, so compatible senders' "no backslashes" holds for them.
std::string quote(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

// One pass over `X-Matrix name=value, ...`; each method consumes what it names.
class header_parser {
  public:
    explicit header_parser(std::string_view text) : text_(text) {}

    x_matrix_parse run() {
        skip_ows();
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !is_ows(text_[pos_])) ++pos_;
        const auto scheme = text_.substr(start, pos_ - start);
        if (!iequals(scheme, "X-Matrix"))
            return error("scheme is \"" + std::string(scheme) + "\", not X-Matrix");
        if (pos_ < text_.size() && !is_ows(text_[pos_])) return error("no space after X-Matrix");
        while (true) {
            // Empty list elements and OWS around commas are allowed (RFC 9110 §5.6.1).
            while (pos_ < text_.size() && (is_ows(text_[pos_]) || text_[pos_] == ',')) ++pos_;
            if (pos_ == text_.size()) break;
            if (!param()) return error(error_);
        }
        return finish();
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::string error_;
    std::map<std::string, std::string> params_;  // known names only, lower-cased
    bool saw_signature_ = false;

    void skip_ows() {
        while (pos_ < text_.size() && is_ows(text_[pos_])) ++pos_;
    }

    bool fail(std::string why) {
        error_ = std::move(why);
        return false;
    }

    static x_matrix_parse error(std::string why) { return {std::nullopt, std::move(why)}; }

    std::string where() const { return " at offset " + std::to_string(pos_); }

    bool param() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_tchar(text_[pos_])) ++pos_;
        if (pos_ == start) return fail("expected a parameter name" + where());
        std::string name(text_.substr(start, pos_ - start));
        for (char& c : name) c = lower(c);
        skip_ows();
        if (pos_ == text_.size() || text_[pos_] != '=')
            return fail("expected '=' after \"" + name + "\"" + where());
        ++pos_;
        skip_ows();
        std::string value;
        if (!(pos_ < text_.size() && text_[pos_] == '"' ? quoted(value) : bare(value)))
            return false;
        skip_ows();
        if (pos_ < text_.size() && text_[pos_] != ',')
            return fail("unexpected '" + std::string(1, text_[pos_]) + "' after the value of \"" +
                        name + "\"" + where());
        if (name == "signature") saw_signature_ = true;
        if (name != "origin" && name != "destination" && name != "key" && name != "sig")
            return true;  // unknown parameters are ignored (server-server API, Authentication)
        if (!params_.emplace(name, std::move(value)).second)
            return fail("parameter \"" + name + "\" appears twice");
        return true;
    }

    bool quoted(std::string& value) {
        ++pos_;  // opening quote
        while (pos_ < text_.size()) {
            char c = text_[pos_++];
            if (c == '"') return true;
            if (c == '\\') {
                if (pos_ == text_.size()) break;
                c = text_[pos_++];
            }
            if (is_ctl(c)) return fail("control character in a quoted value" + where());
            value.push_back(c);
        }
        return fail("unterminated quoted value");
    }

    // Bare values are tokens in RFC 9110, but the spec asks receivers to accept ':' in them,
    // and base64 brings '/', '+' and '='; so anything up to whitespace or ',' is taken.
    bool bare(std::string& value) {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !is_ows(text_[pos_]) && text_[pos_] != ',') {
            if (text_[pos_] == '"' || is_ctl(text_[pos_]))
                return fail("unexpected character in an unquoted value" + where());
            ++pos_;
        }
        value.assign(text_.substr(start, pos_ - start));
        return true;
    }

    x_matrix_parse finish() {
        std::string missing;
        for (const char* name : {"origin", "key", "sig"}) {
            const auto it = params_.find(name);
            if (it == params_.end() || it->second.empty())
                missing += (missing.empty() ? "" : ", ") + std::string(name);
        }
        if (!missing.empty()) {
            std::string why = "missing or empty " + missing;
            if (saw_signature_ && !params_.count("sig"))
                why +=
                    " (a \"signature\" parameter was sent; the spec's example and every "
                    "implementation name it \"sig\")";
            return error(why);
        }
        x_matrix_auth auth{params_["origin"], std::nullopt, params_["key"], params_["sig"]};
        if (const auto it = params_.find("destination"); it != params_.end())
            auth.destination = it->second;
        return {std::move(auth), {}};
    }
};

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

}  // namespace

std::string request_signing_json(std::string_view method, std::string_view uri,
                                 std::string_view origin, std::string_view destination,
                                 const nlohmann::json* content) {
    nlohmann::json request = {
        {"method", method},
        {"uri", uri},
        {"origin", origin},
        {"destination", destination},
    };
    if (content) request["content"] = *content;
    return canonical_json(request);
}

std::string x_matrix_header(std::string_view origin, std::string_view destination,
                            std::string_view key_id, std::string_view sig) {
    std::string out = "X-Matrix origin=" + quote(origin);
    if (!destination.empty()) out += ",destination=" + quote(destination);
    out += ",key=" + quote(key_id) + ",sig=" + quote(sig);
    return out;
}

std::string sign_request(const signing_key& key, std::string_view method, std::string_view uri,
                         std::string_view origin, std::string_view destination,
                         const nlohmann::json* content) {
    const std::string message = request_signing_json(method, uri, origin, destination, content);
    return x_matrix_header(origin, destination, key.key_id(), base64_encode(key.sign(message)));
}

x_matrix_parse parse_x_matrix(std::string_view header) {
    return header_parser(header).run();
}

request_check verify_request(std::string_view method, std::string_view uri,
                             const nlohmann::json* content,
                             std::span<const std::string> authorization_headers,
                             std::string_view my_server_name, const key_lookup& lookup) {
    request_check check;
    std::vector<std::string> problems;
    std::vector<x_matrix_auth> auths;
    for (std::size_t i = 0; i < authorization_headers.size(); ++i) {
        auto parsed = parse_x_matrix(authorization_headers[i]);
        if (parsed)
            auths.push_back(std::move(*parsed.auth));
        else
            problems.push_back("Authorization header " + std::to_string(i + 1) + ": " +
                               parsed.error);
    }
    if (authorization_headers.empty()) problems.push_back("no Authorization header");
    if (auths.empty()) {
        check.reason = join(problems);
        return check;
    }

    check.origin = auths.front().origin;
    for (const auto& auth : auths) {
        if (auth.origin != check.origin) {
            check.reason = "Authorization headers name different origins (\"" + check.origin +
                           "\" and \"" + auth.origin + "\")";
            return check;
        }
        if (auth.destination && *auth.destination != my_server_name) {
            check.reason = "destination \"" + *auth.destination + "\" is not this server (\"" +
                           std::string(my_server_name) + "\")";
            return check;
        }
    }

    std::string message;
    try {
        message = request_signing_json(method, uri, check.origin, my_server_name, content);
    } catch (const canonical_json_error& e) {
        check.reason = std::string("request body has no canonical form: ") + e.what();
        return check;
    }

    for (const auto& auth : auths) {
        const std::string who = "key \"" + auth.key_id + "\"";
        if (!is_ed25519_key_id(auth.key_id)) {
            problems.push_back(who + " is not ed25519:[a-zA-Z0-9_]+");
            continue;
        }
        const auto public_key = lookup(check.origin, auth.key_id);
        if (!public_key) {
            problems.push_back(who + " of \"" + check.origin + "\" is not known");
            continue;
        }
        std::string sig;
        try {
            sig = base64_decode(auth.sig);
        } catch (const base64_error& e) {
            problems.push_back(who + ": sig is not base64: " + e.what());
            continue;
        }
        if (!ed25519_verify(*public_key, message, sig)) {
            problems.push_back(who + ": signature does not verify over " + message.substr(0, 200));
            continue;
        }
        check.ok = true;
        check.key_id = auth.key_id;
        return check;
    }
    check.reason = join(problems);
    return check;
}

}  // namespace mxc::matrix
