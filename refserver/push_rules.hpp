// The push rules a new account has: the server-default rules of the client-server API
// ("Push Rules", predefined rules), which clients such as matrix-js-sdk fetch when they start.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace mxc::refserver {

// The ruleset of GET /pushrules/ for user_id: {"global": {override, content, room, sender,
// underride}}. This server stores no user rules, so every account has exactly these.
nlohmann::json default_push_rules(const std::string& user_id);

}  // namespace mxc::refserver
