// to_device.txn.concurrent_identical: two identical PUTs with one txnId, sent at the same
// moment on two connections, are one transaction. Control flow (threads, a latch) is why
// this case is C++ rather than YAML.
#include <latch>
#include <thread>

#include "core/registry.hpp"
#include "steps/step.hpp"

namespace mxc::suites {

namespace {

using steps::json;

class concurrent_identical : public core::case_body {
  public:
    void run(core::case_run& run) const override {
        auto& env = dynamic_cast<steps::environment&>(run.env());
        steps::world w(run, env);
        auto& alice = w.create("alice");
        w.create("bob");
        const core::source_mark here{__FILE__, __LINE__, 1};
        steps::run_step(
            w, {"since_token", json{{"as", "bob"}, {"save", {{"b0", "next_batch"}}}}, here, {}});

        // The run id in the txnId: an account from a tokens file sends it again in a later run.
        const std::string target =
            env.client_path("/sendToDevice/org.mxconform.test/concurrent-" + env.run_id());
        const json body{
            {"messages", w.substitute(json{{"${bob}", {{"${bob.device}", {{"seq", 1}}}}}})}};
        std::latch start(2);
        std::vector<matrix::reply> replies(2);
        std::vector<std::string> errors(2);
        auto send = [&](int i) {
            auto c = w.extra_client(alice);
            start.arrive_and_wait();
            try {
                replies[i] = c->call(net::http::verb::put, target, {body, {}},
                                     run.scaled(env.target().request_timeout));
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        };
        std::thread t1(send, 0), t2(send, 1);
        t1.join();
        t2.join();
        for (int i = 0; i < 2; ++i) {
            if (!errors[i].empty())
                throw core::harness_error("no answer from the target: " + errors[i]);
            run.require(
                replies[i].status == 200, "both concurrent copies are answered 200", "HTTP 200",
                "HTTP " + std::to_string(replies[i].status) + " " + replies[i].raw.substr(0, 200),
                here.str());
        }
        steps::run_step(
            w, {"send_to_device",
                json{{"as", "alice"},
                     {"messages", {{"${bob}", {{"${bob.device}", {{"sentinel", true}}}}}}}},
                here,
                {}});
        steps::run_step(
            w, {"sync_until",
                json{{"as", "bob"},
                     {"since", "${b0}"},
                     {"until", {{"to_device_has", {{"content", {{"sentinel", true}}}}}}},
                     {"expect",
                      {{"to_device_values", {{"pointer", "/content/seq"}, {"equals", {1}}}}}}},
                here,
                {}});
    }
};

const bool registered = [] {
    core::case_def c;
    c.id = "to_device.txn.concurrent_identical";
    c.title = "Two identical requests sent at the same moment deliver once";
    c.suite = "to_device.txn";
    c.lvl = core::level::must;
    c.caught_by = {"ignore-txn"};
    c.judges_delivery = true;  // it waits for the message and a sentinel after it
    c.accounts = 2;            // alice and bob
    c.spec = {"client-server", "API standards / Transaction identifiers", ""};
    c.requirement =
        "A retransmission that arrives while the original is still being handled is still the same "
        "transaction: two concurrent PUTs with one txnId store one message.";
    c.where = {"suites/client/cases/concurrent_txn.cpp", __LINE__, 1};
    c.body = std::make_shared<concurrent_identical>();
    core::registry::builtin().add(std::move(c));
    return true;
}();

}  // namespace

}  // namespace mxc::suites
