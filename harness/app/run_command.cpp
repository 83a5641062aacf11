#include "app/run_command.hpp"

#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <csignal>
#include <iostream>

#include "app/account_needs.hpp"
#include "app/catalogue_loader.hpp"
#include "app/implementation.hpp"
#include "app/spec_validator.hpp"
#include "app/target_setup.hpp"
#include "core/baseline.hpp"
#include "core/expectations.hpp"
#include "core/runner.hpp"
#include "matrix/digest.hpp"
#include "matrix/secrets.hpp"
#include "refserver/faults.hpp"
#include "report/console_reporter.hpp"
#include "report/file_reporters.hpp"
#include "steps/step.hpp"
#include "util/atomic_file.hpp"

namespace mxc::app {

namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_sigint(int) {
    interrupted.store(true);
}

// One report that cannot be written costs only that report, with a line saying why.
class guarded_listener : public core::listener {
  public:
    guarded_listener(std::unique_ptr<core::listener> inner, std::ostream& err)
        : inner_(std::move(inner)), err_(err) {}
    void run_started(const core::run_info& i) override {
        guard([&] { inner_->run_started(i); });
    }
    void case_started(const core::case_def& d) override {
        guard([&] { inner_->case_started(d); });
    }
    void case_finished(const core::case_result& r, std::size_t done, std::size_t total) override {
        guard([&] { inner_->case_finished(r, done, total); });
    }
    void run_finished(const core::run_summary& s) override {
        guard([&] { inner_->run_finished(s); });
    }

  private:
    template <class F>
    void guard(F f) {
        try {
            f();
        } catch (const std::exception& e) {
            err_ << "mxconform: " << e.what() << '\n';
        }
    }
    std::unique_ptr<core::listener> inner_;
    std::ostream& err_;
};

// An id in the expectations file or the baseline that no case has: a renamed or deleted case,
// or a typo. Not fatal, so an old file still gates the cases it does name (issue #10).
void warn_unknown(const core::registry& cases, const std::string& file, int line,
                  const std::string& id, std::ostream& err) {
    if (!cases.find(id))
        err << fmt::format("mxconform: {}:{}: warning: no case has the id '{}'\n", file, line, id);
}

std::string utc_now(const char* format) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return fmt::format(fmt::runtime(format), now);
}

// What the run knows about its target, as the reporters' generic facts in the order they are
// shown (issue #8: core/ and report/ know no Matrix). After a setup error, as far as it got.
void describe_target(core::run_info& info, const target_setup& setup, const run_config& cfg,
                     const spec_validator& validator) {
    const auto& t = setup.settings();
    info.target = t.base_url;
    info.target_kind = cfg.target.empty() ? "embedded reference server" : "live server";
    info.facts = {{"server_name", "Server name", t.server_name}};
    if (const auto& versions = setup.versions()) {
        info.facts.push_back(
            {"versions", "Versions", fmt::format("{}", fmt::join(*versions, ", "))});
        info.facts.push_back({"prefix", "Prefix", t.prefix});
    }
    if (t.federation.enabled && !t.federation.url.empty())
        info.facts.push_back({"federation_url", "Federation URL", t.federation.url});
    if (!cfg.ref_faults.empty()) {
        std::vector<std::string_view> names;
        for (const auto f : cfg.ref_faults) names.push_back(refserver::fault_name(f));
        info.facts.push_back({"ref_faults", "Reference server faults",
                              fmt::format("{}", fmt::join(names, ", ")), true});
    }
    if (const auto& source = validator.source_fact()) info.facts.push_back(*source);
}

}  // namespace

int run_command(const run_config& cfg, std::ostream& out, std::ostream& err) {
    // Configuration: anything wrong here is exit 2, before any request is sent.
    core::registry cases;
    std::vector<const core::case_def*> selected;
    std::map<std::string, core::expectation_entry> expectations;
    std::unique_ptr<spec_validator> validator;
    std::optional<core::baseline> against;
    const auto format = core::parse_baseline_format(cfg.baseline_format);
    try {
        validate(cfg);  // makes sure `format` is set
        cases = load_all_cases(cfg.suites_dir.empty() ? default_suites_dir()
                                                      : std::filesystem::path(cfg.suites_dir));
        selected = cases.select(cfg.cases, cfg.exclude);
        if (selected.empty()) throw std::runtime_error("no case matches --cases/--exclude");
        check_tokens_file(cfg, accounts_needed(selected));
        if (!cfg.expectations.empty()) {
            expectations = core::load_expectations(cfg.expectations);
            for (const auto& [id, e] : expectations)
                warn_unknown(cases, cfg.expectations, e.line, id, err);
        }
        if (!cfg.baseline.empty()) {
            against = core::read_baseline(cfg.baseline, *format);
            for (const auto& [id, e] : against->entries)
                warn_unknown(cases, cfg.baseline, e.line, id, err);
        }
        validator = std::make_unique<spec_validator>(
            cfg.specs_dir.empty() ? default_specs_dir() : std::filesystem::path(cfg.specs_dir));
    } catch (const std::exception& e) {
        err << "mxconform: " << e.what() << '\n';
        return 2;
    }

    const std::string run_id = matrix::random_upper(6);
    std::string lower_id;
    for (char c : run_id)
        lower_id.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const std::filesystem::path report_dir =
        cfg.report_dir.empty() ? std::filesystem::path("reports") / utc_now("{:%Y%m%dT%H%M%SZ}")
                               : std::filesystem::path(cfg.report_dir);

    core::run_info info;
    info.run_id = lower_id;
    info.harness_version = MXC_VERSION;
    info.started_utc = utc_now("{:%Y-%m-%dT%H:%M:%SZ}");
    const auto redaction = matrix::redaction_policy();

    const bool color = !cfg.no_color && !std::getenv("NO_COLOR") && ::isatty(STDOUT_FILENO);
    report::console_options console_opts;
    console_opts.color = color;
    console_opts.tty = ::isatty(STDOUT_FILENO);
    console_opts.verbose = cfg.verbose;
    console_opts.report_dir = report_dir;
    report::console_reporter console(out, redaction, console_opts);
    std::vector<std::unique_ptr<core::listener>> files;
    for (auto& f : report::make_file_reporters(report_dir, cfg.strict, redaction))
        files.push_back(std::make_unique<guarded_listener>(std::move(f), err));
    std::vector<core::listener*> listeners{&console};
    for (auto& f : files) listeners.push_back(f.get());

    interrupted.store(false);
    auto previous = std::signal(SIGINT, on_sigint);
    auto restore = [&] { std::signal(SIGINT, previous); };

    // The target: the embedded reference server, or a live one; a failure here still writes
    // the reports (with the setup error) and exits 2.
    target_setup setup(cfg);
    try {
        setup.start();
        describe_target(info, setup, cfg, *validator);
    } catch (const std::exception& e) {
        describe_target(info, setup, cfg, *validator);
        core::run_summary s;
        s.info = info;
        s.setup_error = e.what();
        s.partial = true;
        for (auto* l : listeners) l->run_started(info);
        for (auto* l : listeners) l->run_finished(s);
        err << "mxconform: " << e.what() << '\n';
        restore();
        return 2;
    }

    // With a tokens file, reading it may fail: a configuration error, exit 2.
    std::unique_ptr<steps::environment> env;
    try {
        env = std::make_unique<steps::environment>(setup.settings(), lower_id, validator.get());
    } catch (const std::exception& e) {
        err << "mxconform: " << e.what() << '\n';
        restore();
        return 2;
    }
    // A live target's own name for itself, to name it in reports and `compare` columns; a target
    // whose federation API does not say is named by its URL.
    if (!cfg.target.empty() && setup.settings().federation.enabled) {
        try {
            info.facts.insert(info.facts.begin(), {"implementation", "Implementation",
                                                   federation_implementation(*env)});
        } catch (const std::exception&) {
            // Naming is a courtesy: the cases say what is wrong with the federation API.
        }
    }
    core::runner_options ro;
    ro.jobs = cfg.jobs;
    ro.timeout_scale = cfg.timeout_scale;
    ro.body_limit = cfg.body_limit;
    ro.strict = cfg.strict;
    ro.expectations = expectations;
    ro.against = std::move(against);
    if (setup.settings().federation.enabled) ro.capabilities.insert("federation");
    ro.missing_reasons["federation"] = "federation is off (--federation off)";
    // A restart breaks whatever else is running against the target: those cases run alone.
    if (setup.can_restart()) ro.capabilities.insert("restart");
    ro.missing_reasons["restart"] = "needs --restart-cmd (a command that restarts the target)";
    ro.exclusive.insert("restart");
    core::runner r(ro, *env, listeners);
    auto summary = r.run(selected, info, interrupted);
    if (interrupted.load()) summary.partial = true;
    restore();
    setup.stop();
    if (!cfg.write_baseline.empty()) {
        // A partial run would record the cases it never ran as gone.
        if (summary.partial) {
            err << "mxconform: the run was interrupted, so " << cfg.write_baseline
                << " was not written\n";
        } else {
            try {
                core::write_baseline(cfg.write_baseline, summary.results, *format);
            } catch (const util::write_error& e) {
                err << "mxconform: cannot write the baseline: " << e.what() << '\n';
                return 2;
            }
        }
    }
    return summary.exit_code();
}

namespace {

// Each step's name, keys (required as written, optional in brackets, nested lists of steps
// marked) and help: what a suite author may write.
int list_steps(const list_options& opt, std::ostream& out) {
    const auto& table = steps::step_table();
    if (opt.json) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& [name, def] : table)
            arr.push_back({{"name", name},
                           {"required", def.required},
                           {"optional", def.optional},
                           {"steps_in", def.nested},
                           {"help", def.help}});
        out << arr.dump(2) << '\n';
        return 0;
    }
    for (const auto& [name, def] : table) {
        std::string keys;
        for (const auto& k : def.required)
            keys += (keys.empty() ? "" : " ") + k + (def.nested.count(k) ? ": [steps]" : "");
        for (const auto& k : def.optional)
            keys += (keys.empty() ? "[" : " [") + (k == "*" ? "any key" : k) + "]";
        out << fmt::format("{:<16} {}\n{:<16} {}\n", name, keys, "", def.help);
    }
    out << fmt::format("{} steps\n", table.size());
    return 0;
}

}  // namespace

int list_command(const list_options& opt, std::ostream& out, std::ostream& err) {
    if (opt.steps) return list_steps(opt, out);
    core::registry cases;
    try {
        cases = load_all_cases(opt.suites_dir.empty() ? default_suites_dir()
                                                      : std::filesystem::path(opt.suites_dir));
    } catch (const std::exception& e) {
        err << "mxconform: " << e.what() << '\n';
        return 2;
    }
    const auto selected = cases.select(opt.cases, {});
    if (opt.json) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto* c : selected) {
            nlohmann::json ports = nlohmann::json::array();
            for (const auto& p : c->ports) ports.push_back({{"suite", p.suite}, {"name", p.name}});
            arr.push_back({{"id", c->id},
                           {"level", core::to_string(c->lvl)},
                           {"title", c->title},
                           {"suite", c->suite},
                           {"spec", {{"doc", c->spec.doc}, {"section", c->spec.section}}},
                           {"requirement", c->requirement},
                           {"ports", ports},
                           {"caught_by", c->caught_by},
                           {"judges_delivery", c->judges_delivery},
                           {"accounts", c->accounts}});
        }
        out << arr.dump(2) << '\n';
        return 0;
    }
    for (const auto* c : selected) {
        out << fmt::format("{:<58} {:<8} {}\n", c->id, core::to_string(c->lvl), c->title);
        out << fmt::format("{:<58} {:<8} spec: {} / {}\n", "", "", c->spec.doc, c->spec.section);
        for (const auto& p : c->ports)
            out << fmt::format("{:<58} {:<8} ports {}: \"{}\"\n", "", "", p.suite, p.name);
        if (!c->caught_by.empty())
            out << fmt::format("{:<58} {:<8} caught by: {}\n", "", "",
                               fmt::join(c->caught_by, ", "));
        out << fmt::format("{:<58} {:<8} accounts: {}\n", "", "", c->accounts);
    }
    out << fmt::format("{} cases, {} accounts (a tokens file must hold that many)\n",
                       selected.size(), accounts_needed(selected));
    return 0;
}

}  // namespace mxc::app
