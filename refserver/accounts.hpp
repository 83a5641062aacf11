// Accounts and devices: registration (user-interactive with m.login.dummy, and Synapse's
// shared-secret admin API), login, logout, whoami, device list and deletion.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "refserver/api.hpp"

namespace mxc::refserver {

class accounts {
  public:
    explicit accounts(server_state& s) : s_(s) {}

    json_reply register_user(const api_request& r);
    json_reply register_available(const api_request& r);
    json_reply admin_register_nonce();
    json_reply admin_register(const api_request& r);
    json_reply login_flows();
    json_reply login(const api_request& r);
    json_reply logout(const api_request& r);
    json_reply logout_all(const api_request& r);
    json_reply whoami(const api_request& r);
    json_reply list_devices(const api_request& r);
    json_reply get_device(const api_request& r, const std::string& device_id);
    json_reply delete_device(const api_request& r, const std::string& device_id);

  private:
    // A new device with a fresh access token; the device id is the client's or a random one.
    json login_response(const std::string& user_id, const std::string& device_id,
                        const std::string& display_name);
    // Starts or continues a user-interactive auth; throws the 401 body until a stage completes.
    // Auth data without "session" starts a session and completes its stage in one request.
    void require_uia(const api_request& r, const json& body, const std::string& stage,
                     const std::string& user_id);
    void expire_old();

    struct uia_session {
        std::string stage;
        std::string user_id;
        std::chrono::steady_clock::time_point created;
    };
    server_state& s_;
    std::map<std::string, uia_session> sessions_;
    std::map<std::string, std::chrono::steady_clock::time_point> nonces_;
};

}  // namespace mxc::refserver
