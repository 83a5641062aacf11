// index.html: self-contained, escaped, and structurally sound. Checked with Python's HTML
// parser where it is installed (tags balanced, void elements aside).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fixture_run.hpp"
#include "report/html_reporter.hpp"
#include "report/sanitize.hpp"

namespace mxc::report {
namespace {

std::string page(const core::run_summary& s) {
    return html_reporter::html_page(sanitized(s, test::redaction()));
}

TEST(html, fetches_nothing) {
    auto html = page(test::make_fixture_run().summary);
    for (std::string_view bad : {"src=", "<link", "@import", "url(", "<iframe", "<img"})
        EXPECT_EQ(html.find(bad), std::string::npos) << bad;
    EXPECT_EQ(html.find("<script"), html.rfind("<script"));  // our one inline script
}

TEST(html, escapes_what_the_server_sent) {
    auto html = page(test::make_fixture_run().summary);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)"), std::string::npos);
    EXPECT_NE(html.find("&lt;paths&gt; &amp; &quot;quotes&quot;"), std::string::npos);  // a title
    EXPECT_EQ(html.find('\x1b'), std::string::npos);
}

TEST(html, one_expandable_row_per_case_and_filters) {
    auto html = page(test::make_fixture_run().summary);
    std::size_t n = 0;
    for (std::size_t p = 0; (p = html.find("<details class=\"case\"", p)) != std::string::npos; ++p)
        ++n;
    EXPECT_EQ(n, 9u);
    EXPECT_NE(html.find("<button data-verdict=\"fail\">"), std::string::npos);
    EXPECT_NE(html.find("expired after 5000.0 of 5000.0 ms"), std::string::npos);
}

TEST(html, after_a_setup_error) {
    auto html = page(test::make_setup_error_run().summary);
    EXPECT_NE(html.find("<b>Setup error:</b> cannot register"), std::string::npos);
    EXPECT_NE(html.find("Partial run"), std::string::npos);
    EXPECT_NE(html.find("No case ran."), std::string::npos);
}

TEST(html, tags_balance_with_python) {
    const char* python = "/usr/bin/python3";
    if (!std::filesystem::exists(python)) GTEST_SKIP() << "no " << python;
    constexpr const char* script = R"PY(
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID: self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unexpected </%s> at %s, open: %s" % (tag, self.getpos(), self.stack[-3:]))
        else: self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.stack: p.errors.append("unclosed: %s" % p.stack)
if p.errors: print("\n".join(p.errors), file=sys.stderr)
sys.exit(1 if p.errors else 0)
)PY";
    test::temp_dir dir;
    std::ofstream(dir.path() / "check.py") << script;
    for (auto* make : {&test::make_fixture_run, &test::make_setup_error_run}) {
        std::ofstream(dir.path() / "index.html", std::ios::binary) << page(make().summary);
        std::string cmd = std::string(python) + " " + (dir.path() / "check.py").string() + " " +
                          (dir.path() / "index.html").string();
        EXPECT_EQ(std::system(cmd.c_str()), 0);
    }
}

}  // namespace
}  // namespace mxc::report
