#include "report/html_assets.hpp"

namespace mxc::report {

const std::string_view html_style = R"CSS(
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg-alt: #f6f8fa;
  --pass: #1a7f37; --red: #cf222e; --yellow: #9a6700; --dim: #6e7781; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.5rem; margin: .2rem 0 .8rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
h4 { margin: .8rem 0 .3rem; font-size: .95rem; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--bg-alt); border: 1px solid var(--line); border-radius: 4px; padding: .4rem .6rem;
  margin: .25rem 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 30rem; overflow: auto; }
table.run th { text-align: left; color: var(--muted); font-weight: normal; padding-right: 1.2rem; }
table.run td, table.run th { padding: .1rem 1.2rem .1rem 0; vertical-align: top; }
.alert { border: 1px solid var(--yellow); background: #fff8c5; padding: .5rem .8rem; border-radius: 4px; margin: .5rem 0; }
.alert.error { border-color: var(--red); background: #ffebe9; }
.summary { font-weight: 600; font-size: 1.05rem; }
.badge { display: inline-block; min-width: 7.5rem; text-align: center; border-radius: 3px; padding: 0 .4rem;
  font-weight: 600; font-size: 12px; color: #fff; background: var(--dim); }
.v-pass { background: var(--pass); }
.v-fail, .v-error, .v-unexpected-pass { background: var(--red); }
.v-non-strict, .v-expected-fail { background: var(--yellow); }
.filters { margin: .8rem 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.filters button { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 4px;
  padding: .15rem .5rem; cursor: pointer; }
.filters button.on { border-color: var(--fg); box-shadow: inset 0 0 0 1px var(--fg); }
.row { display: grid; grid-template-columns: 8.5rem minmax(14rem, 2.2fr) 4.5rem minmax(10rem, 3fr) minmax(8rem, 2fr) 5rem;
  gap: .6rem; align-items: baseline; padding: .25rem .4rem; }
.row > * { min-width: 0; overflow-wrap: anywhere; }
.title > * { display: block; }
code.obs { background: var(--bg-alt); border-radius: 3px; padding: 0 .25rem; margin-top: .1rem; }
.q { color: var(--muted); font-size: 12px; }
section.suite h3 { font-size: 1rem; margin: 1.2rem 0 .2rem; padding: 0 .4rem .2rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.tally { color: var(--muted); font-weight: normal; font-size: 12px; }
.head { color: var(--muted); border-bottom: 2px solid var(--line); font-size: 12px; }
details.case { border-bottom: 1px solid var(--line); }
details.case > summary { list-style: none; cursor: pointer; }
details.case > summary::-webkit-details-marker { display: none; }
details.case > summary:hover { background: var(--bg-alt); }
details.case[open] > summary { background: var(--bg-alt); }
.time { text-align: right; color: var(--muted); }
.body { padding: .3rem 1rem 1rem 2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .4rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.check { border-left: 3px solid var(--red); padding: .2rem .6rem; margin: .5rem 0; background: #fff5f5; }
.check .label { font-weight: 600; }
table.metrics td, table.metrics th { padding: .1rem .8rem .1rem 0; text-align: left; }
ol.transcript { list-style: none; padding: 0; margin: 0; }
ol.transcript > li { border-top: 1px dashed var(--line); padding: .3rem 0; }
.t { color: var(--muted); display: inline-block; min-width: 6rem; }
.kind { font-weight: 600; }
.status { font-weight: 600; }
.s2 { color: var(--pass); } .s4, .s5, .s0 { color: var(--red); }
.expired { color: var(--red); font-weight: 600; }
.io { display: grid; grid-template-columns: 1fr 1fr; gap: .6rem; }
@media (max-width: 900px) { .row { grid-template-columns: 7rem 1fr; } .io { grid-template-columns: 1fr; } }
table.legend td { padding: .15rem 1rem .15rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: 12px; }
)CSS";

const std::string_view html_script = R"JS(
(function () {
  var buttons = document.querySelectorAll('.filters button[data-verdict]');
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      var v = b.getAttribute('data-verdict');
      buttons.forEach(function (x) { x.classList.toggle('on', x === b); });
      document.querySelectorAll('details.case').forEach(function (d) {
        d.hidden = v !== 'all' && d.getAttribute('data-verdict') !== v;
      });
      document.querySelectorAll('section.suite').forEach(function (s) {
        s.hidden = !s.querySelector('details.case:not([hidden])');
      });
    });
  });
  document.querySelectorAll('.filters button[data-open]').forEach(function (b) {
    b.addEventListener('click', function () {
      var open = b.getAttribute('data-open') === 'true';
      document.querySelectorAll('details.case:not([hidden])').forEach(function (d) { d.open = open; });
    });
  });
  if (location.hash) {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === 'DETAILS') target.open = true;
  }
})();
)JS";

}  // namespace mxc::report
