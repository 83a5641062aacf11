#include "app/curl_repro.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>

namespace mxc::app {
namespace {

using json = nlohmann::json;

struct exchange {
    std::string actor, method, target, body, auth;
};

std::string placeholder(const std::string& actor) {
    std::string out;
    for (char c : actor) out += std::isalnum(static_cast<unsigned char>(c)) ? std::toupper(c) : '_';
    return out.empty() ? "USER" : out;
}

// The mock remote's requests are named "remote → target", the server's to it "target → remote".
bool from_remote(const std::string& actor) {
    return actor.find(" → ") != std::string::npos && !actor.starts_with("target");
}
bool from_server(const std::string& actor) {
    return actor.starts_with("target →");
}

bool is_setup(const exchange& e) {
    return e.target.starts_with("/_synapse/admin/") ||
           e.target.find("/register") != std::string::npos ||
           e.target.find("/login") != std::string::npos;
}

bool is_sync(const exchange& e) {
    return e.method == "GET" && e.target.find("/sync") != std::string::npos;
}

std::string header(const json& headers, std::string_view name) {
    for (const auto& h : headers)
        if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string()) {
            auto n = h[0].get<std::string>();
            for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (n == name) return h[1].get<std::string>();
        }
    return {};
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    if (from.empty()) return s;
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

std::string percent_encoded(std::string s) {
    return replace_all(replace_all(s, "@", "%40"), ":", "%3A");
}

// Ids the run's accounts were given, and their placeholder names.
using identities = std::vector<std::pair<std::string, std::string>>;

void learn(identities& ids, const std::string& actor, const std::string& response_body) {
    const auto j = json::parse(response_body, nullptr, false);
    if (!j.is_object()) return;
    const auto name = placeholder(actor);
    if (j.contains("user_id") && j["user_id"].is_string())
        ids.emplace_back(j["user_id"].get<std::string>(), name);
    if (j.contains("device_id") && j["device_id"].is_string())
        ids.emplace_back(j["device_id"].get<std::string>(), name + "_DEVICE");
}

std::string url_of(const exchange& e, const identities& ids) {
    std::string t;
    for (char c : e.target) {
        if (c == '"' || c == '\\' || c == '`' || c == '$') t += '\\';
        t += c;
    }
    for (const auto& [value, name] : ids) {
        t = replace_all(t, value, "${" + name + "}");
        t = replace_all(t, percent_encoded(value), "${" + name + "}");
    }
    if (const auto at = t.find("since="); at != std::string::npos) {
        const auto end = t.find('&', at);
        t.replace(at + 6, end == std::string::npos ? std::string::npos : end - at - 6,
                  "${" + placeholder(e.actor) + "_SINCE}");
    }
    return fmt::format("\"{}{}\"", from_remote(e.actor) ? "$HS_FED" : "$HS", t);
}

std::string body_of(const exchange& e, const identities& ids) {
    auto b = replace_all(e.body, "'", "'\\''");
    for (const auto& [value, name] : ids) b = replace_all(b, value, "'\"${" + name + "}\"'");
    return "'" + b + "'";
}

std::string curl_line(const exchange& e, const identities& ids) {
    std::string line = "curl";
    if (e.method != "GET" || !e.body.empty()) line += " -X " + e.method;
    line += " " + url_of(e, ids);
    if (e.auth.starts_with("X-Matrix"))
        line += " -H \"Authorization: $X_MATRIX\"";
    else if (!e.auth.empty())
        line += fmt::format(" -H \"Authorization: Bearer ${}_TOKEN\"", placeholder(e.actor));
    if (!e.body.empty()) line += " --json " + body_of(e, ids);
    if (e.body.find(" more bytes]") != std::string::npos)
        line += "  # the transcript cut this body";
    return line;
}

std::vector<exchange> exchanges_of(const json& transcript, identities& ids) {
    std::vector<exchange> out;
    const auto it = transcript.find("entries");
    if (it == transcript.end() || !it->is_array()) return out;
    for (const auto& entry : *it) {
        if (!entry.is_object() || entry.value("kind", "") != "exchange") continue;
        exchange e{entry.value("actor", ""), entry.value("method", ""), entry.value("target", ""),
                   entry.value("request_body", ""),
                   header(entry.value("request_headers", json()), "authorization")};
        if (is_setup(e)) learn(ids, e.actor, entry.value("response_body", ""));
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

std::vector<std::string> curl_lines(const json& transcript) {
    identities ids;
    const auto all = exchanges_of(transcript, ids);
    std::vector<std::string> out;
    const exchange* last = nullptr;
    bool setup_done = false;
    for (const auto& e : all) {
        setup_done |= !is_setup(e) && !from_server(e.actor);
        if (!setup_done || e.target.starts_with("/_synapse/admin/") || from_server(e.actor) ||
            e.target.find("/sendToDevice/org.mxconform.sentinel/") != std::string::npos)
            continue;
        if (last && is_sync(e) && is_sync(*last) && last->actor == e.actor) continue;
        out.push_back(curl_line(e, ids));
        last = &e;
    }
    return out;
}

}  // namespace mxc::app
