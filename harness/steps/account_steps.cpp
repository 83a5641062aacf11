// login, logout, delete_device: making and removing devices of a case's users.
#include <fmt/format.h>

#include "steps/expect.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

namespace http = net::http;

namespace {

void login(world& w, const step_call& c) {
    w.login_as(arg_string(w, c, "as"), arg_string(w, c, "name"), arg_string(w, c, "device_id"));
}

void logout(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    auto r = w.call(&who, http::verb::post, w.env().client_path("/logout"), {json::object(), {}},
                    w.env().target().request_timeout);
    require_expect(
        w, c, c.args.contains("expect") ? w.substitute(c.args["expect"]) : default_expect(), r);
}

// DELETE /devices/{id} needs user-interactive auth with the password: ask, then answer.
void delete_device(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const std::string device = arg_string(w, c, "device");
    const auto path = w.env().client_path("/devices/" + matrix::encode_segment(device));
    const auto timeout = w.env().target().request_timeout;
    auto first = w.call(&who, http::verb::delete_, path, {json::object(), {}}, timeout);
    matrix::reply r = first;
    if (first.status == 401) {
        if (!first.is_json || !first.body.contains("session") || !first.body["session"].is_string())
            throw core::harness_error(
                "device deletion: the 401 has no user-interactive auth session");
        json body{{"auth",
                   {{"type", "m.login.password"},
                    {"identifier", {{"type", "m.id.user"}, {"user", who.acc.user_id}}},
                    {"password", who.acc.password},
                    {"session", first.body["session"]}}}};
        r = w.call(&who, http::verb::delete_, path, {body, {}}, timeout);
    }
    require_expect(
        w, c, c.args.contains("expect") ? w.substitute(c.args["expect"]) : default_expect(), r);
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration login_step{{"login",
                                    {"as", "name"},
                                    {"device_id"},
                                    "log in again as `as`'s user, giving a new device `name`",
                                    login}};
const step_registration logout_step{
    {"logout", {"as"}, {"expect"}, "log the device out (which deletes it)", logout}};
const step_registration delete_device_step{
    {"delete_device",
     {"as", "device"},
     {"expect"},
     "delete one of the user's devices, with password user-interactive auth",
     delete_device}};

}  // namespace mxc::steps
