#include "bench/report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace mxc::bench {

using json = nlohmann::json;

namespace {

// The slowest delivery phase decides: the goal is for delivery in batches in general.
double slowest_delivery(const results& r) {
    double slowest = -1;
    for (const auto& p : r.phases)
        if (p.name.starts_with("deliver"))
            slowest =
                slowest < 0 ? p.messages_per_second() : std::min(slowest, p.messages_per_second());
    return std::max(slowest, 0.0);
}

json cpu_json(const cpu_times& c) {
    return json{{"server_on_cpu_s", c.server_on_cpu_s},
                {"server_run_queue_wait_s", c.server_waiting_s},
                {"process_on_cpu_s", c.process_on_cpu_s}};
}

json latency_json(const latency& l) {
    return json{{"samples", l.samples}, {"p50_ms", l.p50_ms}, {"p95_ms", l.p95_ms},
                {"p99_ms", l.p99_ms},   {"max_ms", l.max_ms}, {"mean_ms", l.mean_ms}};
}

const char* verdict(bool met) {
    return met ? "met" : "MISSED";
}

}  // namespace

std::array<double, 3> load_average() {
    std::array<double, 3> load{};
    std::ifstream in("/proc/loadavg");
    in >> load[0] >> load[1] >> load[2];
    return in ? load : std::array<double, 3>{};
}

void print_table(std::ostream& out, const results& r) {
    const auto& o = r.opts;
    fmt::print(out, "refserver_bench: {} client thread(s), {} cores, {} B payloads\n", o.threads,
               r.cores, o.payload_bytes);
    fmt::print(out, "1-minute load average: {:.2f} before, {:.2f} after\n\n", r.load_before[0],
               r.load_after[0]);
    fmt::print(out, "{:<33} {:>8} {:>8} {:>7} {:>7} {:>6} | {:>7} {:>7} {:>7} {:>8}\n", "phase",
               "messages", "requests", "seconds", "msgs/s", "req/s", "srv cpu", "srv wait",
               "all cpu", "msgs/srv");
    for (const auto& p : r.phases)
        fmt::print(
            out,
            "{:<33} {:>8} {:>8} {:>7.3f} {:>7.0f} {:>6.0f} | {:>7.3f} {:>8.3f} {:>7.3f} {:>8.0f}\n",
            p.name, p.messages, p.requests, p.seconds, p.messages_per_second(),
            p.requests_per_second(), p.cpu.server_on_cpu_s, p.cpu.server_waiting_s,
            p.cpu.process_on_cpu_s, p.messages_per_server_cpu_second());
    fmt::print(
        out,
        "srv cpu: CPU seconds of the server's threads; srv wait: seconds they were runnable\n"
        "but had no core; all cpu: CPU seconds of every thread, clients included;\n"
        "msgs/srv: messages per server CPU second.\n");
    if (!r.server_thread_found)
        fmt::print(out, "(server threads not identified: their columns read zero)\n");

    fmt::print(out, "\n{:<38} {:>8} {:>8} {:>8} {:>8} {:>8}\n", "latency (ms)", "p50", "p95", "p99",
               "max", "mean");
    for (const auto& [name, l] : {std::pair{"wake-up: send issued → /sync answer", &r.wake.wake_up},
                                  std::pair{"send: issued → 200", &r.wake.send}})
        fmt::print(out, "{:<38} {:>8.3f} {:>8.3f} {:>8.3f} {:>8.3f} {:>8.3f}\n", name, l->p50_ms,
                   l->p95_ms, l->p99_ms, l->max_ms, l->mean_ms);
    fmt::print(out, "({} iterations; server on a core {:.3f} s, waiting for one {:.3f} s)\n\n",
               r.wake.wake_up.samples, r.wake.cpu.server_on_cpu_s, r.wake.cpu.server_waiting_s);

    fmt::print(out,
               "parking check (no-wake server): {} of {} polls were parked before the send{}\n\n",
               r.parking.parked, r.parking.rounds,
               r.parking.parked == r.parking.rounds ? "" : " -- the wake-up figures are suspect");

    const double delivered = slowest_delivery(r);
    fmt::print(out, "goal: delivered in batches >= {:.0f} msgs/s   {} ({:.0f})\n",
               delivered_goal_per_second, verdict(delivered >= delivered_goal_per_second),
               delivered);
    fmt::print(out, "goal: wake-up p99 < {:.0f} ms                  {} ({:.3f} ms)\n",
               wake_up_p99_goal_ms, verdict(r.wake.wake_up.p99_ms < wake_up_p99_goal_ms),
               r.wake.wake_up.p99_ms);
}

void write_json(const std::string& path, const results& r) {
    json phases = json::array();
    for (const auto& p : r.phases)
        phases.push_back({{"name", p.name},
                          {"messages", p.messages},
                          {"requests", p.requests},
                          {"seconds", p.seconds},
                          {"messages_per_second", p.messages_per_second()},
                          {"requests_per_second", p.requests_per_second()},
                          {"cpu", cpu_json(p.cpu)},
                          {"messages_per_server_cpu_second", p.messages_per_server_cpu_second()}});
    const double delivered = slowest_delivery(r);
    json goals{{"delivered_per_second",
                {{"goal", delivered_goal_per_second},
                 {"measured", delivered},
                 {"met", delivered >= delivered_goal_per_second}}},
               {"wake_up_p99_ms",
                {{"goal", wake_up_p99_goal_ms},
                 {"measured", r.wake.wake_up.p99_ms},
                 {"met", r.wake.wake_up.p99_ms < wake_up_p99_goal_ms}}}};
    json doc{{"config",
              {{"messages", r.opts.messages},
               {"threads", r.opts.threads},
               {"iterations", r.opts.iterations},
               {"payload_bytes", r.opts.payload_bytes}}},
             {"machine",
              {{"cores", r.cores},
               {"load_before", r.load_before},
               {"load_after", r.load_after},
               {"server_thread_found", r.server_thread_found}}},
             {"phases", phases},
             {"wake_up_ms", latency_json(r.wake.wake_up)},
             {"send_ms", latency_json(r.wake.send)},
             {"wake_up_cpu", cpu_json(r.wake.cpu)},
             {"parking_check", {{"rounds", r.parking.rounds}, {"parked", r.parking.parked}}},
             {"goals", goals}};
    std::ofstream out(path);
    out << doc.dump(2) << '\n';
    if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace mxc::bench
