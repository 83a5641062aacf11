#include "core/runner.hpp"

#include <algorithm>
#include <array>
#include <locale>
#include <mutex>
#include <thread>

namespace mxc::core {
namespace {

// libstdc++ fills the narrow/widen tables of ctype<char> lazily, on first use of each
// character, without a lock (GCC bug 77704). Workers compile std::regex (schema `pattern`s,
// YAML scalars), which narrows every pattern character; filling the tables once before the
// pool starts makes every later use a read, so workers never write shared state.
void fill_ctype_tables() {
    const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
    std::array<char, 256> all{}, out{};
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<char>(i);
    ctype.narrow(all.data(), all.data() + all.size(), '\0', out.data());
    ctype.widen(all.data(), all.data() + all.size(), out.data());
}

}  // namespace

runner::runner(runner_options options, services& env, std::vector<listener*> listeners)
    : options_(std::move(options)), env_(env), listeners_(std::move(listeners)) {}

case_result runner::run_one(const case_def& def, const std::string& run_id,
                            const std::atomic<bool>& interrupted) {
    case_result result;
    result.def = &def;
    const auto start = std::chrono::steady_clock::now();

    expectation exp = expectation::none;
    if (auto it = options_.expectations.find(def.id); it != options_.expectations.end()) {
        exp = it->second.kind;
        result.reason = it->second.reason;
    }
    outcome o;
    if (exp == expectation::skip) {
        result.v = decide(def.lvl, o, exp);
        return result;
    }
    for (const auto& need : def.needs) {
        if (!options_.capabilities.count(need)) {
            o.skipped = true;
            auto why = options_.missing_reasons.find(need);
            result.reason = why != options_.missing_reasons.end() ? why->second : "needs " + need;
        }
    }
    if (o.skipped) {
        result.v = decide(def.lvl, o, exp);
        return result;
    }

    case_run run(def, run_id, options_.timeout_scale, env_, options_.body_limit, interrupted);
    try {
        if (!def.body) throw harness_error("case has no body");
        def.body->run(run);
    } catch (const case_stopped&) {
        // A failed requirement ended the case; the check says why.
    } catch (const case_unsupported& e) {
        o.unsupported = true;
        result.reason = e.what();
    } catch (const harness_error& e) {
        o.harness_error = true;
        result.error = e.what();
    } catch (const std::exception& e) {
        // A step that threw for a reason it did not name: harness trouble, not a server failure.
        o.harness_error = true;
        result.error = std::string("unexpected error: ") + e.what();
    } catch (...) {
        // Anything else thrown would end the worker thread, and with it the whole run.
        o.harness_error = true;
        result.error = "unexpected error: an exception that is not a std::exception";
    }
    o.failed_checks = run.failed_checks();
    result.checks = run.checks();
    result.metrics = run.metrics();
    result.observation = run.observation();
    result.transcript = run.log().entries();
    result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    result.v = decide(def.lvl, o, exp);
    // An observed case exists to say what the server did; without an observation it said
    // nothing, which is the harness's fault, not the server's (issue 11).
    if (result.v == verdict::observed && result.observation.empty()) {
        result.v = verdict::error;
        result.error =
            "the observed case ended without an observation: no step recorded what "
            "the server did";
    }
    return result;
}

run_summary runner::run(const std::vector<const case_def*>& cases, run_info info,
                        const std::atomic<bool>& interrupted) {
    const auto start = std::chrono::steady_clock::now();
    info.planned = cases.size();
    for (auto* l : listeners_) l->run_started(info);

    run_summary summary;
    summary.info = info;
    summary.strict = options_.strict;
    std::mutex mutex;  // guards summary.results and the listener calls
    std::size_t done = 0;

    // Cases needing an exclusive capability go last, one at a time, on this thread.
    std::vector<const case_def*> shared, alone;
    for (const auto* def : cases) {
        const bool exclusive =
            std::any_of(def->needs.begin(), def->needs.end(),
                        [&](const std::string& n) { return options_.exclusive.count(n) > 0; });
        (exclusive ? alone : shared).push_back(def);
    }

    auto run_case = [&](const case_def& def) {
        {
            std::lock_guard lock(mutex);
            for (auto* l : listeners_) l->case_started(def);
        }
        case_result r = run_one(def, info.run_id, interrupted);
        std::lock_guard lock(mutex);
        ++done;
        for (auto* l : listeners_) l->case_finished(r, done, cases.size());
        summary.results.push_back(std::move(r));
    };
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (;;) {
            if (interrupted.load()) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= shared.size()) return;
            run_case(*shared[i]);
        }
    };
    const int jobs = std::max(1, std::min<int>(options_.jobs, static_cast<int>(shared.size())));
    fill_ctype_tables();
    std::vector<std::thread> pool;
    for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    for (const auto* def : alone) {
        if (interrupted.load()) break;
        run_case(*def);
    }

    std::sort(summary.results.begin(), summary.results.end(),
              [](const case_result& a, const case_result& b) { return a.def->id < b.def->id; });
    for (const auto& r : summary.results) ++summary.counts[r.v];
    summary.partial = summary.results.size() < cases.size();
    summary.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (options_.against)
        summary.baseline = compare(*options_.against, summary.results, options_.strict);
    for (auto* l : listeners_) l->run_finished(summary);
    return summary;
}

}  // namespace mxc::core
