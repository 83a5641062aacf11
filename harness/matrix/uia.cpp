#include "matrix/uia.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

namespace mxc::matrix {

namespace {

constexpr std::string_view dummy_stage = "m.login.dummy";
constexpr std::string_view password_stage = "m.login.password";

using flow = std::vector<std::string>;

// A body quoted in an error stays on one line.
std::string one_line(std::string_view raw) {
    std::string out(raw.substr(0, 200));
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return out;
}

const json* member(const reply& r, const char* key) {
    if (!r.is_json || !r.body.is_object()) return nullptr;
    const auto it = r.body.find(key);
    return it == r.body.end() ? nullptr : &*it;
}

// The flows of a 401, each as its stage names; nothing when the 401 is no UIA challenge.
std::optional<std::vector<flow>> flows_of(const reply& r) {
    const json* flows = member(r, "flows");
    if (!flows || !flows->is_array()) return std::nullopt;
    std::vector<flow> out;
    for (const auto& f : *flows) {
        flow stages;
        if (f.is_object() && f.contains("stages") && f["stages"].is_array())
            for (const auto& s : f["stages"])
                stages.push_back(s.is_string() ? s.get<std::string>() : s.dump());
        out.push_back(std::move(stages));
    }
    return out;
}

std::vector<std::string> completed_of(const reply& r) {
    std::vector<std::string> out;
    if (const json* done = member(r, "completed"); done && done->is_array())
        for (const auto& s : *done)
            if (s.is_string()) out.push_back(s.get<std::string>());
    return out;
}

// The spec asks for `session` only when the server gave one.
std::optional<std::string> session_of(const reply& r) {
    if (const json* s = member(r, "session"); s && s->is_string()) return s->get<std::string>();
    return std::nullopt;
}

bool knows_password(const uia_identity& who) {
    return !who.user_id.empty() && !who.password.empty();
}

bool can_complete(const std::string& stage, const uia_identity& who) {
    return stage == dummy_stage || (stage == password_stage && knows_password(who));
}

// "[a, b] or [c]", as a reader of the error wants the offer.
std::string describe(const std::vector<flow>& flows) {
    std::vector<std::string> each;
    for (const auto& f : flows) each.push_back(fmt::format("[{}]", fmt::join(f, ", ")));
    return each.empty() ? "no flows" : fmt::format("flows {}", fmt::join(each, " or "));
}

// The shortest flow whose every stage mxconform can complete, or null.
const flow* choose(const std::vector<flow>& flows, const uia_identity& who) {
    const flow* best = nullptr;
    for (const auto& f : flows) {
        const bool completable = !f.empty() && std::all_of(f.begin(), f.end(), [&](const auto& s) {
            return can_complete(s, who);
        });
        if (completable && (!best || f.size() < best->size())) best = &f;
    }
    return best;
}

json stage_auth(const std::string& stage, const uia_identity& who,
                const std::optional<std::string>& session) {
    json auth{{"type", stage}};
    if (stage == password_stage) {
        auth["identifier"] = {{"type", "m.id.user"}, {"user", who.user_id}};
        auth["password"] = who.password;
    }
    if (session) auth["session"] = *session;
    return auth;
}

}  // namespace

reply with_user_interactive_auth(const std::string& what, const uia_identity& who,
                                 const uia_attempt& attempt) {
    reply r = attempt(std::nullopt);
    if (r.status != 401) return r;
    const auto flows = flows_of(r);
    if (!flows)
        throw uia_error(
            fmt::format("{}: the 401 is no user-interactive auth challenge (it lists no flows): {}",
                        what, one_line(r.raw)));
    const flow* chosen = choose(*flows, who);
    if (!chosen)
        throw uia_error(fmt::format(
            "{}: the server offers {} and mxconform can complete only {}", what, describe(*flows),
            knows_password(who) ? "m.login.dummy and m.login.password"
            : who.user_id.empty()
                ? std::string(dummy_stage)
                : fmt::format("m.login.dummy (the password of {} is unknown)", who.user_id)));
    std::optional<std::string> session;
    // One attempt per stage at most: a server that keeps answering 401 gets its last answer
    // judged by the caller, never an endless retry.
    for (std::size_t i = 0; i < chosen->size() && r.status == 401; ++i) {
        // A 401 with an errcode after a stage is the server refusing that stage.
        if (i > 0 && member(r, "errcode")) break;
        if (auto s = session_of(r)) session = std::move(s);
        const auto done = completed_of(r);
        const auto next = std::find_if(chosen->begin(), chosen->end(), [&](const auto& s) {
            return std::find(done.begin(), done.end(), s) == done.end();
        });
        if (next == chosen->end()) break;
        r = attempt(stage_auth(*next, who, session));
    }
    return r;
}

}  // namespace mxc::matrix
