#include "refserver/push_rules.hpp"

#include "matrix/ids.hpp"

namespace mxc::refserver {

namespace {

using json = nlohmann::json;

json match(const char* key, const std::string& pattern) {
    return {{"kind", "event_match"}, {"key", key}, {"pattern", pattern}};
}

json two_members() {
    return {{"kind", "room_member_count"}, {"is", "2"}};
}

json rule(const char* id, json conditions, json actions, bool enabled = true) {
    return {{"rule_id", id},
            {"default", true},
            {"enabled", enabled},
            {"conditions", std::move(conditions)},
            {"actions", std::move(actions)}};
}

// Notify, with the named sound when given, and the highlight tweak set to highlight.
json notify(const char* sound, bool highlight) {
    json actions = json::array({"notify"});
    if (sound) actions.push_back({{"set_tweak", "sound"}, {"value", sound}});
    // A highlight tweak without a value means true (spec, "Tweaks").
    if (highlight)
        actions.push_back({{"set_tweak", "highlight"}});
    else
        actions.push_back({{"set_tweak", "highlight"}, {"value", false}});
    return actions;
}

}  // namespace

// Since v1.7 (the actions clean-up) a rule that does not notify has empty actions rather than
// "dont_notify"; we advertise v1.7, so the rules follow it.
json default_push_rules(const std::string& user_id) {
    const auto uid = matrix::parse_user_id(user_id);
    const std::string localpart = uid ? uid->localpart : user_id;
    const json none = json::array();

    json override_rules = json::array({
        rule(".m.rule.master", json::array(), none, false),
        rule(".m.rule.suppress_notices", json::array({match("content.msgtype", "m.notice")}), none),
        rule(".m.rule.invite_for_me",
             json::array({match("type", "m.room.member"), match("content.membership", "invite"),
                          match("state_key", user_id)}),
             notify("default", false)),
        rule(".m.rule.member_event", json::array({match("type", "m.room.member")}), none),
    });

    // A content rule matches its pattern against the body; it has no conditions.
    json user_name{{"rule_id", ".m.rule.contains_user_name"},
                   {"default", true},
                   {"enabled", true},
                   {"pattern", localpart},
                   {"actions", notify("default", true)}};

    json underride_rules = json::array({
        rule(".m.rule.call", json::array({match("type", "m.call.invite")}), notify("ring", false)),
        rule(".m.rule.encrypted_room_one_to_one",
             json::array({two_members(), match("type", "m.room.encrypted")}),
             notify("default", false)),
        rule(".m.rule.room_one_to_one",
             json::array({two_members(), match("type", "m.room.message")}),
             notify("default", false)),
        rule(".m.rule.message", json::array({match("type", "m.room.message")}),
             notify(nullptr, false)),
        rule(".m.rule.encrypted", json::array({match("type", "m.room.encrypted")}),
             notify(nullptr, false)),
    });

    return {{"global",
             {{"override", std::move(override_rules)},
              {"content", json::array({std::move(user_name)})},
              {"room", json::array()},
              {"sender", json::array()},
              {"underride", std::move(underride_rules)}}}};
}

}  // namespace mxc::refserver
