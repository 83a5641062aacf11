// restart_target: the target stops and starts again mid-case (issue 10, "Target restarts"),
// through the callback the app put in target_settings; the actors' clients reconnect on their
// next request (net::http_client retries once on a kept-alive connection the server closed).
#include <fmt/format.h>

#include "steps/step.hpp"

namespace mxc::steps {

namespace {

void restart_target(world& w, const step_call& c) {
    const auto& restart = w.env().target().restart;
    if (!restart)
        throw core::harness_error(describe(c) +
                                  ": the target cannot be restarted (the case must say "
                                  "`needs: [restart]`)");
    w.run().log().note(describe(c) + ": restarting the target");
    const auto started = std::chrono::steady_clock::now();
    restart(w.run());
    w.run().log().note(fmt::format(
        "the target is back {:.0f} ms after the restart began",
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count()));
}

}  // namespace

// Each step registers itself (steps/step.hpp); its name is the step_def's.
const step_registration restart_target_step{
    {"restart_target",
     {},
     {},
     "restart the target (needs: [restart]) and wait until it answers /versions again",
     restart_target}};

}  // namespace mxc::steps
