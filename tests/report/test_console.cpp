// The console reporter beyond its golden files: colour only when asked, a progress line that a
// terminal ends up erasing, and whole case blocks when workers finish at the same moment.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <thread>

#include "fixture_run.hpp"
#include "report/console_reporter.hpp"

namespace mxc::report {
namespace {

std::string run_console(const core::run_summary& s, console_options options) {
    std::ostringstream out;
    console_reporter c(out, test::redaction(), options);
    c.run_started(s.info);
    std::size_t done = 0;
    for (const auto& r : s.results) {
        if (r.def) c.case_started(*r.def);
        c.case_finished(r, ++done, s.results.size());
    }
    c.run_finished(s);
    return out.str();
}

// What a terminal shows after printing `out`: '\r' returns to the start of the line and the
// next characters (UTF-8 sequences, one column each) overwrite it. Trailing blanks are dropped.
std::string screen(const std::string& out) {
    std::vector<std::vector<std::string>> lines(1);
    std::size_t col = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        if (c == '\n') {
            lines.emplace_back();
            col = 0;
        } else if (c == '\r') {
            col = 0;
        } else {
            std::string cell(1, c);
            while (i + 1 < out.size() && (static_cast<unsigned char>(out[i + 1]) & 0xC0) == 0x80)
                cell += out[++i];
            auto& l = lines.back();
            if (col < l.size())
                l[col] = cell;
            else
                l.push_back(cell);
            ++col;
        }
    }
    std::string text;
    for (auto& l : lines) {
        while (!l.empty() && l.back() == " ") l.pop_back();
        for (const auto& cell : l) text += cell;
        text += "\n";
    }
    return text;
}

TEST(console, no_escape_codes_without_color) {
    auto f = test::make_fixture_run();
    for (bool tty : {false, true})
        for (bool verbose : {false, true}) {
            auto out = run_console(f.summary, {.color = false, .tty = tty, .verbose = verbose});
            EXPECT_EQ(out.find('\x1b'), std::string::npos)
                << "tty " << tty << " verbose " << verbose;
        }
}

TEST(console, colours_verdict_words_when_asked) {
    auto f = test::make_fixture_run();
    auto out = run_console(f.summary, {.color = true});
    EXPECT_NE(out.find("\x1b[32mpass\x1b[0m"), std::string::npos);
    EXPECT_NE(out.find("\x1b[31mfail\x1b[0m"), std::string::npos);
    EXPECT_NE(out.find("\x1b[31merror\x1b[0m"), std::string::npos);
    EXPECT_NE(out.find("\x1b[31munexpected-pass\x1b[0m"), std::string::npos);
    EXPECT_NE(out.find("\x1b[33mnon-strict\x1b[0m"), std::string::npos);
    EXPECT_NE(out.find("\x1b[33mexpected-fail\x1b[0m"), std::string::npos);
    EXPECT_NE(out.find("\x1b[2mobserved\x1b[0m"), std::string::npos);
    EXPECT_NE(out.find("\x1b[2mskipped\x1b[0m"), std::string::npos);
    // A server's own escape sequence (in the fixture's /sync body) is shown, not obeyed.
    EXPECT_EQ(out.find("\x1b[31m bad"), std::string::npos);
    EXPECT_NE(out.find("ctl:\\u001b[31m"), std::string::npos);
}

TEST(console, progress_line_is_erased_from_the_screen) {
    auto f = test::make_fixture_run();
    auto plain = run_console(f.summary, {});
    auto tty = run_console(f.summary, {.tty = true});
    EXPECT_NE(tty.find("\n[9/9] 1 pass, 1 non-strict"), std::string::npos);
    EXPECT_NE(tty, plain);
    EXPECT_EQ(screen(tty), screen(plain));
}

TEST(console, progress_line_fits_a_terminal_line) {
    auto f = test::make_fixture_run();
    auto tty = run_console(f.summary, {.tty = true});
    std::regex progress(R"(\[\d+/9\][^\r\n]*)");
    int lines = 0;
    for (std::sregex_iterator it(tty.begin(), tty.end(), progress), end; it != end; ++it, ++lines) {
        std::string segment = it->str();
        std::size_t columns = 0;
        for (char c : segment) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        EXPECT_LT(columns, 80u) << segment;
    }
    EXPECT_GT(lines, 9);  // drawn after the header, each start and each finish
}

TEST(console, summary_line_partial_and_report_dir) {
    auto f = test::make_fixture_run();
    f.summary.partial = true;
    auto out = run_console(f.summary, {.report_dir = "reports/x"});
    EXPECT_NE(
        out.find(
            "\n9 cases in 3.5 s: 1 pass, 1 non-strict, 1 observed, 1 unsupported, 1 skipped, "
            "1 expected-fail, 1 unexpected-pass, 1 fail, 1 error (partial)\nReports: reports/x\n"),
        std::string::npos)
        << out;
}

TEST(console, concurrent_cases_never_interleave) {
    constexpr int threads = 4, per_thread = 50;
    std::vector<std::unique_ptr<core::case_def>> defs;
    std::vector<core::case_result> results;
    for (int i = 0; i < threads * per_thread; ++i) {
        auto d = std::make_unique<core::case_def>();
        d->id = "case." + std::to_string(1000 + i);
        d->requirement = "requirement of " + d->id;
        core::case_result r;
        r.def = d.get();
        r.v = i % 2 ? core::verdict::pass : core::verdict::fail;
        r.duration = std::chrono::milliseconds(i);
        r.checks = {{false, "", "expected of " + d->id, "actual of " + d->id, "", false}};
        results.push_back(std::move(r));
        defs.push_back(std::move(d));
    }
    for (bool tty : {false, true}) {
        std::ostringstream out;
        console_reporter c(out, test::redaction(), {.tty = tty});
        core::run_info info;
        info.planned = results.size();
        c.run_started(info);
        std::atomic<std::size_t> done{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                for (int i = t * per_thread; i < (t + 1) * per_thread; ++i) {
                    c.case_started(*results[i].def);
                    c.case_finished(results[i], ++done, results.size());
                }
            });
        for (auto& w : workers) w.join();
        std::string text = screen(out.str());
        // Every failing case's block is whole: its line, then its own requirement and texts.
        for (int i = 0; i < threads * per_thread; i += 2) {
            std::string id = results[i].def->id;
            std::string block = "fail            " + id + "  " + std::to_string(i) +
                                " ms\n    Requirement: requirement of " + id +
                                "\n    Expected: expected of " + id + "\n    Actual: actual of " +
                                id + "\n";
            EXPECT_NE(text.find(block), std::string::npos) << id << " (tty " << tty << ")";
        }
        EXPECT_EQ(std::count(text.begin(), text.end(), '\n'),
                  1 + threads * per_thread / 2 * 4 + threads * per_thread / 2 + 1);
    }
}

}  // namespace
}  // namespace mxc::report
