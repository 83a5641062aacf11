// refserver_bench: how fast the reference server accepts and delivers to-device messages, and
// how quickly a waiting long-poll wakes (issue #2, "Benchmark"). Figures, not a test.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <thread>

#include "bench/cpu_clock.hpp"
#include "bench/load.hpp"
#include "bench/report.hpp"
#include "bench/workload.hpp"
#include "refserver/server.hpp"

namespace {

using namespace mxc::bench;

// The server serves on a thread it starts itself (and may start helpers): the threads that
// appear are the ones to watch.
cpu_clock start_and_find_thread(mxc::refserver::server& server) {
    const auto before = thread_ids();
    server.start();
    std::vector<int> fresh;
    std::ranges::set_difference(thread_ids(), before, std::back_inserter(fresh));
    return cpu_clock(std::move(fresh));
}

template <class Phase>
auto with_cpu_times(const cpu_clock& clock, Phase phase) {
    const auto start = clock.now();
    auto figures = phase();
    figures.cpu = clock.now() - start;
    return figures;
}

results run(const options& o) {
    results r{o, std::thread::hardware_concurrency(), load_average(), {}, {}, {}};
    mxc::refserver::config cfg;
    cfg.listen_port = 0;  // ephemeral; the database is a temporary file, removed when stopped
    mxc::refserver::server server(cfg);
    const auto clock = start_and_find_thread(server);
    const target t{server.base_url(), server.port()};

    std::cerr << "setting up accounts...\n";
    const auto a = create_accounts(t, o.threads);
    std::cerr << "sending, 1 device per request...\n";
    r.phases.push_back(with_cpu_times(clock, [&] { return send_one_device_per_request(o, t, a); }));
    std::cerr << "delivering...\n";
    const std::span<const session> single(a.recipients.data(),
                                          std::min(o.threads, a.recipients.size()));
    r.phases.push_back(with_cpu_times(clock, [&, n = r.phases.back().messages] {
        return drain(o, t, "deliver (after 1-device sends)", single, n);
    }));
    std::cerr << "sending, " << fanout << " devices per request...\n";
    r.phases.push_back(with_cpu_times(clock, [&] { return send_fanout_requests(o, t, a); }));
    std::cerr << "delivering...\n";
    r.phases.push_back(with_cpu_times(clock, [&, n = r.phases.back().messages] {
        return drain(o, t, "deliver (after 100-device sends)", a.recipients, n);
    }));
    std::cerr << "measuring wake-up latency...\n";
    r.wake =
        with_cpu_times(clock, [&] { return measure_wake_up(o, t, a.senders.back(), a.poller); });
    server.stop();

    std::cerr << "checking that the polls were parked...\n";
    mxc::refserver::config no_wake = cfg;
    no_wake.faults.enable(mxc::refserver::fault::no_wake);
    mxc::refserver::server check(no_wake);
    check.start();
    r.parking = check_parking({check.base_url(), check.port()}, 5);
    check.stop();

    r.server_thread_found = clock.knows_server();
    r.load_after = load_average();
    return r;
}

// The load mode: figures on stdout, each broken promise on stderr; false when there was one.
// The child's database and log stay behind only then, for a look.
bool run_load_mode(const options& o) {
    auto pattern = (std::filesystem::temp_directory_path() / "mxconform-load-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("cannot create a directory in " +
                                 std::filesystem::temp_directory_path().string());
    const std::filesystem::path dir = pattern;
    load_figures f;
    {
        serve_child server(o.mxconform, dir);
        std::cerr << "load: " << o.senders << " senders, " << load_devices << " devices, "
                  << o.messages << " requests, SIGKILL after half...\n";
        f = run_load({o.senders, o.messages, o.payload_bytes}, server);
    }
    const auto rate = [](std::size_t n, double s) { return s > 0 ? n / s : 0.0; };
    std::cout << "load: " << o.senders << " senders → " << load_devices << " devices ("
              << load_devices_per_request << " per request), " << o.payload_bytes
              << " B payloads, `mxconform serve` killed with SIGKILL half-way\n"
              << "  before the kill:   " << f.answered_before_kill << " requests answered in "
              << f.seconds_before_kill << " s ("
              << rate(f.answered_before_kill, f.seconds_before_kill) << " req/s)\n"
              << "  restart:           " << f.restart_seconds << " s from SIGKILL to /versions\n"
              << "  after the restart: " << f.answered_after_restart << " requests answered in "
              << f.seconds_after_restart << " s ("
              << rate(f.answered_after_restart, f.seconds_after_restart) << " req/s)\n"
              << "  unanswered at the kill: " << f.unanswered_retried
              << " retried with their txnId, " << f.unanswered_abandoned << " abandoned ("
              << f.abandoned_delivered << " of them delivered)\n"
              << "  delivered: " << f.delivered << " messages\n";
    if (f.violations.empty()) {
        std::cout << "  every 200 delivered exactly once, in order per sender→device, nothing "
                     "extra\n";
        std::filesystem::remove_all(dir);
        return true;
    }
    for (const auto& v : f.violations) std::cerr << "load: " << v << '\n';
    std::cerr << "load: the server's database and log are in " << dir.string() << '\n';
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const auto opts = parse_options(std::vector<std::string>(argv + 1, argv + argc));
        if (!opts) return 0;
        if (opts->load) return run_load_mode(*opts) ? 0 : 1;
        const auto r = run(*opts);
        print_table(std::cout, r);
        if (!opts->json_path.empty()) write_json(opts->json_path, r);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "refserver_bench: " << e.what() << '\n';
        return 1;
    }
}
