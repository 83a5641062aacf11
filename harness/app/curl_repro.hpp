// The shortest reproduction of a probe, for a spec issue (issue 11, `compare --gaps`): one
// case's transcript (transcripts/<id>.json, already redacted) as `curl` lines a reader can
// paste. What only the harness needed is left out: the accounts it made (the leading
// registrations and logins), its own sentinels, repeated /sync polls of one account, and the
// requests the server made to the mock remote. Run-specific values become placeholders:
//   $HS, $HS_FED        the server's client and federation base URLs
//   $ALICE_TOKEN        the access token of the account the transcript calls alice
//   ${ALICE}, ${ALICE_DEVICE}  its user id and device id, learnt from the registration
//   ${ALICE_SINCE}      the next_batch of alice's previous /sync
//   $X_MATRIX           a signed X-Matrix Authorization value (a remote server's request)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mxc::app {

// One line per request, in order; empty when the transcript holds no request of the case's own.
std::vector<std::string> curl_lines(const nlohmann::json& transcript);

}  // namespace mxc::app
