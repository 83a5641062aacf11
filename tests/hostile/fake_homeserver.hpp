// The fair side of the hostile target: a homeserver of a few answers, enough for the cases of
// suite/hostile.yaml to reach the step they aim at, and which requests meet the row instead.
#pragma once

#include "net/beast.hpp"

namespace mxc::hostile {

// What a small, well-behaved homeserver answers (tokens are "tok-" + the username).
net::response fair_answer(const net::request& req);

// Whether the request is the victim's: registering reg_victim, or anything carrying victim's
// token or naming it (a login), except the whoami a long-poll opens its connection with.
bool is_victim(const net::request& req);

}  // namespace mxc::hostile
