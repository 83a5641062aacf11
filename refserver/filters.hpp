// Client filters: POST /user/{userId}/filter stores one, GET .../filter/{filterId} reads it
// back, and /sync?filter= names one by id or inline. This server serves no rooms, presence or
// account data, so a filter changes nothing it answers; it is kept for the clients that
// create one before they sync (matrix-js-sdk does, and retries while it fails).
#pragma once

#include "refserver/api.hpp"

namespace mxc::refserver {

class filters {
  public:
    explicit filters(server_state& s) : s_(s) {}

    json_reply create(const api_request& r, const std::string& user_id);
    json_reply get(const api_request& r, const std::string& user_id, const std::string& filter_id);

  private:
    // The caller, who must be user_id; 403 M_FORBIDDEN for another user's filters.
    device_record owner(const api_request& r, const std::string& user_id);

    server_state& s_;
};

// Checks /sync's filter parameter for user_id: an inline filter (it starts with "{") must be
// a valid filter object, an id must be one of the user's; 400 M_INVALID_PARAM otherwise.
void check_sync_filter(server_state& s, const std::string& user_id, const std::string& value);

}  // namespace mxc::refserver
