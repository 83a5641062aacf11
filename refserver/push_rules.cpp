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

json property(const char* kind, const char* key, json value) {
    return {{"kind", kind}, {"key", key}, {"value", std::move(value)}};
}

json may_notify_room() {
    return {{"kind", "sender_notification_permission"}, {"key", "room"}};
}

// Notify, with the named sound when given, highlighted when asked; since v1.7 a highlight
// tweak is given only to turn highlighting on, and then without a value (spec, "Tweaks").
json notify(const char* sound = nullptr, bool highlight = false) {
    json actions = json::array({"notify"});
    if (sound) actions.push_back({{"set_tweak", "sound"}, {"value", sound}});
    if (highlight) actions.push_back({{"set_tweak", "highlight"}});
    return actions;
}

}  // namespace

// The rules of v1.7, the newest version /versions advertises: since then a rule that does not
// notify has empty actions rather than "dont_notify", and mentions have rules of their own.
json default_push_rules(const std::string& user_id) {
    const auto uid = matrix::parse_user_id(user_id);
    const std::string localpart = uid ? uid->localpart : user_id;
    const json none = json::array();

    // "m.mentions" is one key of the content: its dot is escaped in the dotted path.
    json override_rules = json::array({
        rule(".m.rule.master", json::array(), none, false),
        rule(".m.rule.suppress_notices", json::array({match("content.msgtype", "m.notice")}), none),
        rule(".m.rule.invite_for_me",
             json::array({match("type", "m.room.member"), match("content.membership", "invite"),
                          match("state_key", user_id)}),
             notify("default")),
        rule(".m.rule.member_event", json::array({match("type", "m.room.member")}), none),
        rule(".m.rule.is_user_mention",
             json::array(
                 {property("event_property_contains", "content.m\\.mentions.user_ids", user_id)}),
             notify("default", true)),
        rule(".m.rule.contains_display_name", json::array({{{"kind", "contains_display_name"}}}),
             notify("default", true)),
        rule(".m.rule.is_room_mention",
             json::array({property("event_property_is", "content.m\\.mentions.room", true),
                          may_notify_room()}),
             notify(nullptr, true)),
        rule(".m.rule.roomnotif", json::array({match("content.body", "@room"), may_notify_room()}),
             notify(nullptr, true)),
        rule(".m.rule.tombstone",
             json::array({match("type", "m.room.tombstone"), match("state_key", "")}),
             notify(nullptr, true)),
        rule(".m.rule.reaction", json::array({match("type", "m.reaction")}), none),
        rule(".m.rule.room.server_acl",
             json::array({match("type", "m.room.server_acl"), match("state_key", "")}), none),
    });

    // A content rule matches its pattern against the body; it has no conditions.
    json user_name{{"rule_id", ".m.rule.contains_user_name"},
                   {"default", true},
                   {"enabled", true},
                   {"pattern", localpart},
                   {"actions", notify("default", true)}};

    json underride_rules = json::array({
        rule(".m.rule.call", json::array({match("type", "m.call.invite")}), notify("ring")),
        rule(".m.rule.encrypted_room_one_to_one",
             json::array({two_members(), match("type", "m.room.encrypted")}), notify("default")),
        rule(".m.rule.room_one_to_one",
             json::array({two_members(), match("type", "m.room.message")}), notify("default")),
        rule(".m.rule.message", json::array({match("type", "m.room.message")}), notify()),
        rule(".m.rule.encrypted", json::array({match("type", "m.room.encrypted")}), notify()),
    });

    return {{"global",
             {{"override", std::move(override_rules)},
              {"content", json::array({std::move(user_name)})},
              {"room", json::array()},
              {"sender", json::array()},
              {"underride", std::move(underride_rules)}}}};
}

}  // namespace mxc::refserver
