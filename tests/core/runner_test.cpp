// The runner with fake case bodies: each way a case can end becomes the right verdict (and
// never a crash), listeners hear the whole run, results come sorted by id, --jobs does not
// change verdicts, and an interrupted run leaves cases out and says it is partial.
#include <gtest/gtest.h>

#include <functional>
#include <mutex>
#include <thread>

#include "core/runner.hpp"

namespace mxc::core {
namespace {

class no_services : public services {};

// A case body that runs a lambda.
class fake_body : public case_body {
  public:
    explicit fake_body(std::function<void(case_run&)> f) : f_(std::move(f)) {}
    void run(case_run& run) const override { f_(run); }

  private:
    std::function<void(case_run&)> f_;
};

case_def make(const std::string& id, std::function<void(case_run&)> body, level lvl = level::must) {
    case_def c;
    c.id = id;
    c.title = id;
    c.lvl = lvl;
    c.where = {"fake.yaml", 1, 1};
    c.body = std::make_shared<fake_body>(std::move(body));
    return c;
}

// Remembers every event, in order; thread-safe because the runner promises to serialise
// listener calls, and this checks that promise too.
class recorder : public listener {
  public:
    void run_started(const run_info& i) override {
        std::lock_guard l(m_);
        events.push_back("run_started " + i.run_id + " " + std::to_string(i.planned));
    }
    void case_started(const case_def& d) override {
        std::lock_guard l(m_);
        events.push_back("case_started " + d.id);
    }
    void case_finished(const case_result& r, std::size_t done, std::size_t total) override {
        std::lock_guard l(m_);
        finished.emplace_back(r.def->id, to_string(r.v));
        done_counts.push_back(done);
        totals.push_back(total);
    }
    void run_finished(const run_summary& s) override {
        std::lock_guard l(m_);
        events.push_back("run_finished " + std::to_string(s.results.size()));
        ++run_finished_calls;
    }
    std::vector<std::string> events;
    std::vector<std::pair<std::string, std::string>> finished;
    std::vector<std::size_t> done_counts, totals;
    int run_finished_calls = 0;

  private:
    std::mutex m_;
};

// The cases of the fixture, one per way of ending.
std::vector<case_def> every_ending() {
    std::vector<case_def> cases;
    cases.push_back(make("t.pass", [](case_run& r) {
        r.check(true, "a", "x", "x");
        r.log().note("did a thing");
        r.metric("latency_ms", 12.5);
    }));
    cases.push_back(make("t.require_fails", [](case_run& r) {
        r.require(false, "the server lists the message", "1 event", "no events",
                  "/to_device/events");
        r.check(true, "never reached", "", "");
    }));
    cases.push_back(
        make("t.harness_error", [](case_run&) { throw harness_error("tokens file ran out"); }));
    cases.push_back(
        make("t.std_exception", [](case_run&) { throw std::out_of_range("vector::at"); }));
    cases.push_back(make("t.unknown_throw", [](case_run&) { throw 42; }));
    cases.push_back(
        make("t.unsupported", [](case_run&) { throw case_unsupported("no federation"); }));
    cases.push_back(make(
        "t.should_not_met", [](case_run& r) { r.check(false, "a", "b", "c"); }, level::should));
    cases.push_back(make(
        "t.observed",
        [](case_run& r) {
            r.check(false, "a", "b", "c");
            r.observe("status", "400");
            r.observe("copies", "1");
            r.observe("status", "200");  // a key recorded again keeps its place
        },
        level::observed));

    cases.push_back(make("t.no_body", nullptr));
    cases.back().body = nullptr;
    cases.push_back(
        make("t.skipped_by_file", [](case_run&) { ADD_FAILURE() << "a skipped case ran"; }));
    cases.push_back(make("t.needs_federation",
                         [](case_run&) { ADD_FAILURE() << "a case without its need ran"; }));
    cases.back().needs = {"federation"};
    cases.push_back(make("t.expected_to_fail", [](case_run& r) { r.check(false, "a", "b", "c"); }));
    cases.push_back(make("t.unexpected_pass", [](case_run& r) { r.check(true, "a", "b", "b"); }));
    return cases;
}

runner_options options(int jobs) {
    runner_options o;
    o.jobs = jobs;
    o.expectations["t.skipped_by_file"] = {expectation::skip, "flaky on CI", 3};
    o.expectations["t.expected_to_fail"] = {expectation::expected_fail, "known bug", 5};
    o.expectations["t.unexpected_pass"] = {expectation::expected_fail, "was a bug", 7};
    o.missing_reasons["federation"] = "federation comes later";
    return o;
}

std::vector<const case_def*> pointers(const std::vector<case_def>& cases) {
    std::vector<const case_def*> out;
    // Reversed, so sorting the results is the runner's work.
    for (auto it = cases.rbegin(); it != cases.rend(); ++it) out.push_back(&*it);
    return out;
}

const std::map<std::string, verdict> expected_verdicts = {
    {"t.pass", verdict::pass},
    {"t.require_fails", verdict::fail},
    {"t.harness_error", verdict::error},
    {"t.std_exception", verdict::error},
    {"t.unknown_throw", verdict::error},
    {"t.unsupported", verdict::unsupported},
    {"t.should_not_met", verdict::non_strict},
    {"t.observed", verdict::observed},
    {"t.no_body", verdict::error},
    {"t.skipped_by_file", verdict::skipped},
    {"t.needs_federation", verdict::skipped},
    {"t.expected_to_fail", verdict::expected_fail},
    {"t.unexpected_pass", verdict::unexpected_pass},
};

run_summary run_all(int jobs, recorder* rec = nullptr, bool interrupt = false) {
    static const std::vector<case_def> cases = every_ending();
    no_services env;
    std::vector<listener*> ls;
    if (rec) ls.push_back(rec);
    runner r(options(jobs), env, ls);
    std::atomic<bool> interrupted{interrupt};
    run_info info;
    info.run_id = "abc123";
    return r.run(pointers(cases), info, interrupted);
}

const case_result& result_of(const run_summary& s, const std::string& id) {
    for (const auto& r : s.results)
        if (r.def->id == id) return r;
    throw std::runtime_error("no result for " + id);
}

TEST(Runner, EachEndingGetsItsVerdict) {
    const auto s = run_all(1);
    ASSERT_EQ(s.results.size(), expected_verdicts.size());
    for (const auto& [id, v] : expected_verdicts)
        EXPECT_EQ(to_string(result_of(s, id).v), to_string(v)) << id;
    EXPECT_FALSE(s.partial);
    EXPECT_EQ(s.exit_code(), 1);
    EXPECT_EQ(s.counts.at(verdict::error), 4);
    EXPECT_EQ(s.counts.at(verdict::skipped), 2);
}

TEST(Runner, ResultsCarryTheirEvidence) {
    const auto s = run_all(1);
    const auto& pass = result_of(s, "t.pass");
    ASSERT_EQ(pass.checks.size(), 1u);
    EXPECT_TRUE(pass.checks[0].ok);
    EXPECT_EQ(pass.metrics.at("latency_ms"), 12.5);
    ASSERT_EQ(pass.transcript.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<note_record>(pass.transcript[0]));

    // A failed require ends the case: the later check is never made.
    const auto& failed = result_of(s, "t.require_fails");
    ASSERT_EQ(failed.checks.size(), 1u);
    EXPECT_EQ(failed.expected(), "1 event");
    EXPECT_EQ(failed.actual(), "no events");
    EXPECT_EQ(failed.checks[0].where, "/to_device/events");
    EXPECT_TRUE(failed.error.empty());

    EXPECT_EQ(result_of(s, "t.harness_error").error, "tokens file ran out");
    EXPECT_EQ(result_of(s, "t.harness_error").actual(), "tokens file ran out");
    EXPECT_EQ(result_of(s, "t.std_exception").error, "unexpected error: vector::at");
    EXPECT_FALSE(result_of(s, "t.unknown_throw").error.empty());
    EXPECT_EQ(result_of(s, "t.no_body").error, "case has no body");
    EXPECT_EQ(result_of(s, "t.unsupported").reason, "no federation");
    EXPECT_EQ(result_of(s, "t.skipped_by_file").reason, "flaky on CI");
    EXPECT_EQ(result_of(s, "t.needs_federation").reason, "federation comes later");
    EXPECT_EQ(result_of(s, "t.expected_to_fail").reason, "known bug");

    // An observed case ends with its observation; one that records none is an error (issue 11).
    EXPECT_EQ(result_of(s, "t.observed").observation, "status=200 copies=1");
}

TEST(Runner, AnObservedCaseThatRecordsNoObservationIsAnError) {
    const std::vector<case_def> cases{make(
        "t.silent", [](case_run& r) { r.check(true, "a", "b", "b"); }, level::observed)};
    no_services env;
    std::atomic<bool> interrupted{false};
    const auto s = runner(options(1), env, {}).run(pointers(cases), {}, interrupted);
    ASSERT_EQ(s.results.size(), 1u);
    EXPECT_EQ(s.results[0].v, verdict::error);
    EXPECT_NE(s.results[0].error.find("without an observation"), std::string::npos);
}

TEST(Runner, ListenersHearTheWholeRunInOrder) {
    recorder rec;
    const auto s = run_all(1, &rec);
    ASSERT_FALSE(rec.events.empty());
    EXPECT_EQ(rec.events.front(), "run_started abc123 13");
    EXPECT_EQ(rec.events.back(), "run_finished 13");
    EXPECT_EQ(rec.run_finished_calls, 1);
    ASSERT_EQ(rec.finished.size(), 13u);
    for (std::size_t i = 0; i < rec.done_counts.size(); ++i) {
        EXPECT_EQ(rec.done_counts[i], i + 1);
        EXPECT_EQ(rec.totals[i], 13u);
    }
    for (const auto& [id, v] : rec.finished)
        EXPECT_EQ(v, to_string(expected_verdicts.at(id))) << id;
    // Every case is announced before it finishes (skipped ones included).
    EXPECT_EQ(std::count_if(rec.events.begin(), rec.events.end(),
                            [](const auto& e) { return e.starts_with("case_started "); }),
              13);
}

TEST(Runner, ResultsAreSortedById) {
    const auto s = run_all(4);
    for (std::size_t i = 1; i < s.results.size(); ++i)
        EXPECT_LT(s.results[i - 1].def->id, s.results[i].def->id);
}

TEST(Runner, JobsDoNotChangeVerdicts) {
    const auto one = run_all(1);
    const auto four = run_all(4);
    ASSERT_EQ(one.results.size(), four.results.size());
    for (std::size_t i = 0; i < one.results.size(); ++i) {
        EXPECT_EQ(one.results[i].def->id, four.results[i].def->id);
        EXPECT_EQ(one.results[i].v, four.results[i].v) << one.results[i].def->id;
    }
    EXPECT_EQ(one.counts, four.counts);
}

TEST(Runner, InterruptedBeforeTheRunLeavesCasesOutAndIsPartial) {
    recorder rec;
    const auto s = run_all(4, &rec, true);
    EXPECT_TRUE(s.results.empty());
    EXPECT_TRUE(s.partial);
    EXPECT_EQ(rec.run_finished_calls, 1);
    EXPECT_EQ(rec.events.front(), "run_started abc123 13");
}

TEST(Runner, InterruptedMidRunStopsStartingCases) {
    std::atomic<bool> interrupted{false};
    std::vector<case_def> cases;
    cases.push_back(make("t.a", [&](case_run& r) {
        interrupted.store(true);
        EXPECT_TRUE(r.interrupted());
    }));
    cases.push_back(make("t.b", [](case_run&) { ADD_FAILURE() << "started after the interrupt"; }));
    no_services env;
    runner r(options(1), env, {});
    const auto s = r.run({&cases[0], &cases[1]}, {}, interrupted);
    ASSERT_EQ(s.results.size(), 1u);
    EXPECT_EQ(s.results[0].v, verdict::pass);
    EXPECT_TRUE(s.partial);
}

TEST(Runner, StrictMakesNonStrictFailTheRun) {
    std::vector<case_def> cases;
    cases.push_back(make(
        "t.s", [](case_run& r) { r.check(false, "a", "b", "c"); }, level::should));
    no_services env;
    std::atomic<bool> interrupted{false};
    auto o = options(1);
    EXPECT_EQ(runner(o, env, {}).run({&cases[0]}, {}, interrupted).exit_code(), 0);
    o.strict = true;
    EXPECT_EQ(runner(o, env, {}).run({&cases[0]}, {}, interrupted).exit_code(), 1);
}

TEST(Runner, CapabilityPresentRunsTheCase) {
    std::vector<case_def> cases;
    cases.push_back(make("t.fed", [](case_run& r) { r.check(true, "a", "b", "b"); }));
    cases.back().needs = {"federation"};
    no_services env;
    std::atomic<bool> interrupted{false};
    auto o = options(1);
    o.capabilities = {"federation"};
    const auto s = runner(o, env, {}).run({&cases[0]}, {}, interrupted);
    ASSERT_EQ(s.results.size(), 1u);
    EXPECT_EQ(s.results[0].v, verdict::pass);
    // Without a reason configured the skip still says what is missing.
    o = options(1);
    o.missing_reasons.clear();
    EXPECT_EQ(runner(o, env, {}).run_one(cases[0], "r", interrupted).reason, "needs federation");
}

TEST(Runner, EmptyRunIsNotPartial) {
    no_services env;
    std::atomic<bool> interrupted{false};
    const auto s = runner(options(4), env, {}).run({}, {}, interrupted);
    EXPECT_TRUE(s.results.empty());
    EXPECT_FALSE(s.partial);
    EXPECT_EQ(s.exit_code(), 0);
}

TEST(Runner, TimeoutScaleScalesWaits) {
    std::vector<case_def> cases;
    std::chrono::milliseconds seen{0};
    cases.push_back(
        make("t.w", [&](case_run& r) { seen = r.scaled(std::chrono::milliseconds(1000)); }));
    no_services env;
    std::atomic<bool> interrupted{false};
    auto o = options(1);
    o.timeout_scale = 2.5;
    runner(o, env, {}).run_one(cases[0], "r", interrupted);
    EXPECT_EQ(seen.count(), 2500);
}

// A case needing an exclusive capability (a restart of the target) runs after every other case
// has finished, and never beside another one, whatever --jobs says.
TEST(Runner, ExclusiveCasesRunAloneAfterTheOthers) {
    std::mutex m;
    int running = 0, most_beside_exclusive = 0, others_done = 0, others_before_exclusive = -1;
    std::vector<case_def> cases;
    for (int i = 0; i < 6; ++i)
        cases.push_back(make("t.shared" + std::to_string(i), [&](case_run&) {
            {
                std::lock_guard l(m);
                ++running;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            std::lock_guard l(m);
            --running;
            ++others_done;
        }));
    for (int i = 0; i < 3; ++i) {
        cases.push_back(make("t.restart" + std::to_string(i), [&](case_run&) {
            std::lock_guard l(m);
            most_beside_exclusive = std::max(most_beside_exclusive, running);
            if (others_before_exclusive < 0) others_before_exclusive = others_done;
        }));
        cases.back().needs = {"restart"};
    }
    no_services env;
    std::atomic<bool> interrupted{false};
    auto o = options(4);
    o.capabilities = {"restart"};
    o.exclusive = {"restart"};
    const auto s = runner(o, env, {}).run(pointers(cases), {}, interrupted);
    EXPECT_EQ(s.results.size(), cases.size());
    EXPECT_EQ(s.counts.at(verdict::pass), static_cast<int>(cases.size()));
    EXPECT_EQ(most_beside_exclusive, 0);
    EXPECT_EQ(others_before_exclusive, 6);
}

}  // namespace
}  // namespace mxc::core
