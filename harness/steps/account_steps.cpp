// login, logout, delete_device: making and removing devices of a case's users.
#include <fmt/format.h>

#include "matrix/uia.hpp"
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
    w.must_not_remove(who.acc.device_id, "log out");
    auto r = w.call(&who, http::verb::post, w.env().client_path("/logout"), {json::object(), {}},
                    w.env().target().request_timeout);
    require_expect(
        w, c, c.args.contains("expect") ? w.substitute(c.args["expect"]) : default_expect(), r);
}

// DELETE /devices/{id} needs user-interactive auth; the password stage needs the account's
// password (a tokens file's password column).
void delete_device(world& w, const step_call& c) {
    auto& who = w.get(arg_string(w, c, "as"));
    const std::string device = arg_string(w, c, "device");
    w.must_not_remove(device, "delete");
    const auto path = w.env().client_path("/devices/" + matrix::encode_segment(device));
    const auto attempt = [&](const std::optional<json>& auth) {
        const json body = auth ? json{{"auth", *auth}} : json::object();
        return w.call(&who, http::verb::delete_, path, {body, {}},
                      w.env().target().request_timeout);
    };
    matrix::reply r;
    try {
        r = matrix::with_user_interactive_auth("device deletion",
                                               {who.acc.user_id, who.acc.password}, attempt);
    } catch (const matrix::uia_error& e) {
        throw core::harness_error(e.what());
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
