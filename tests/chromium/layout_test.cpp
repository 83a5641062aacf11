// index.html and compare.html looked at (issue 11): each golden page is rendered in headless
// Chromium at 1400 px with a small script that lists every element whose content runs out of
// its column (a case id into the level column, an observation out of its cell) or makes the
// page scroll sideways; the findings come back in the dumped DOM. Skipped without `chromium`.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Writes "ok" or one finding a line into <pre id="mxc-layout">, once the page has laid out.
constexpr const char* checker = R"JS(<script>
window.addEventListener('load', function () {
  var found = [];
  var width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1)
    found.push('page: ' + document.documentElement.scrollWidth + ' px wide in a ' + width + ' px window');
  var columns = '.row, .row > *, code.id, code.obs, .q, section.suite h3, table.compare, ' +
                'table.compare th, table.compare td, table.run td';
  document.querySelectorAll(columns).forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline')
      found.push(el.tagName.toLowerCase() + '.' + el.className + ': ' + el.scrollWidth +
                 ' px of content in ' + el.clientWidth + ' px: ' + el.textContent.slice(0, 80));
  });
  // A grid cell that grew past the next one overlaps it even when it does not scroll.
  document.querySelectorAll('.row').forEach(function (row) {
    var cells = row.children;
    for (var i = 1; i < cells.length; ++i)
      if (cells[i - 1].getBoundingClientRect().right > cells[i].getBoundingClientRect().left + 1)
        found.push('row cell ' + i + ' overlaps the next: ' + cells[i - 1].textContent.slice(0, 80));
  });
  var out = document.createElement('pre');
  out.id = 'mxc-layout';
  out.textContent = found.length ? found.join('\n') : 'ok';
  document.body.appendChild(out);
});
</script>
)JS";

fs::path chromium() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin", "/snap/bin"})
        for (const char* name : {"chromium", "chromium-browser"})
            if (fs::exists(fs::path(dir) / name)) return fs::path(dir) / name;
    return {};
}

// The findings for one page, or the reason there are none.
std::string layout_findings(const fs::path& page) {
    temp_dir dir;
    auto html = read_text(page);
    html.insert(html.rfind("</body>"), checker);
    const auto file = dir.write("page.html", html);
    const auto r =
        run_process(chromium(),
                    {"--headless", "--no-sandbox", "--disable-gpu",
                     "--user-data-dir=" + (dir.path() / "profile").string(),
                     "--window-size=1400,1000", "--run-all-compositor-stages-before-draw",
                     "--virtual-time-budget=5000", "--dump-dom", "file://" + file.string()},
                    90s);
    if (r.timed_out) return "chromium did not finish within 90 s";
    std::smatch m;
    static const std::regex found(R"(<pre id="mxc-layout">([^<]*)</pre>)");
    if (!std::regex_search(r.output, m, found))
        return "no findings in chromium's DOM (exit " + std::to_string(r.exit_code) + ")";
    return m[1].str();
}

class layout : public testing::TestWithParam<const char*> {};

TEST_P(layout, nothing_overflows_its_column_at_1400_px) {
    if (chromium().empty()) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
    const auto page = fs::path(MXC_SOURCE_DIR) / "tests" / "report" / "golden" / GetParam();
    ASSERT_TRUE(fs::exists(page)) << page;
    EXPECT_EQ(layout_findings(page), "ok") << page;
}

INSTANTIATE_TEST_SUITE_P(pages, layout, testing::Values("full/index.html", "compare/compare.html"),
                         [](const auto& info) {
                             return std::string(info.index == 0 ? "index" : "compare");
                         });

}  // namespace
}  // namespace mxc::test
