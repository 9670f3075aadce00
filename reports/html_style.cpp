#include "reports/html_style.hpp"

namespace ringpool::reports {

// Palette: Okabe-Ito (safe for the common colour-vision deficiencies); every colour is paired
// with a text label and a symbol, so nothing is said by colour alone.
//   passed/checked #009E73  failed #D55E00  unknown #CC79A7  skipped #E69F00  neutral greys
std::string_view html_report_stylesheet() {
  return R"css(
:root {
  --ink: #1f2328; --muted: #5b636d; --faint: #8a929b; --line: #d8dde3; --soft: #f4f6f8; --page: #ffffff;
  --passed: #009E73; --passed-soft: #dcf2ea; --passed-ink: #00684c;
  --failed: #D55E00; --failed-soft: #fbe3d3; --failed-ink: #a34700;
  --unknown: #CC79A7; --unknown-soft: #f6e4ee; --unknown-ink: #8c3f6b;
  --skipped: #E69F00; --skipped-soft: #fcefd2; --skipped-ink: #8a5d00;
  --none: #b9c0c8; --accent: #0072B2;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { background: var(--soft); }
body { margin: 0; color: var(--ink); font: 15px/1.5 var(--sans); }
.page { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h1 { font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 19px; font-weight: 650; margin-bottom: 14px; }
h3 { font-size: 15px; font-weight: 650; }
h4 { font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin-bottom: 6px; }
code, pre, .mono { font-family: var(--mono); font-size: 13px; }
.muted { color: var(--muted); }
.faint { color: var(--faint); }

.masthead { background: var(--page); border: 1px solid var(--line); border-radius: 12px; padding: 22px 26px; margin-bottom: 18px; }
.masthead-top { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
.eyebrow { font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); margin-bottom: 2px; }
.verdict { margin-left: auto; font-weight: 700; font-size: 14px; padding: 6px 14px; border-radius: 999px; border: 2px solid; letter-spacing: 0.02em; }
.verdict-passed { color: var(--passed-ink); background: var(--passed-soft); border-color: var(--passed); }
.verdict-failed { color: var(--failed-ink); background: var(--failed-soft); border-color: var(--failed); }
.verdict-unknown { color: var(--unknown-ink); background: var(--unknown-soft); border-color: var(--unknown); }
.meta { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 14px 24px; margin: 18px 0 0; padding-top: 16px; border-top: 1px solid var(--line); }
.meta div { min-width: 0; }
.meta dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
.meta dd { margin: 2px 0 0; font-weight: 600; overflow-wrap: anywhere; }
.meta dd .sub { display: block; font-weight: 400; font-size: 13px; color: var(--muted); }
.meta .wide { grid-column: 1 / -1; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { font: 12px/1.6 var(--mono); background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 0 7px; }
.chip.missing { background: transparent; border-style: dashed; color: var(--muted); text-decoration: line-through; }

.toc { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 18px; }
.toc a { background: var(--page); border: 1px solid var(--line); border-radius: 999px; padding: 4px 12px; font-size: 13px; color: var(--ink); }
.toc a:hover { border-color: var(--accent); text-decoration: none; }
.toc .count { color: var(--muted); margin-left: 4px; }

.card { background: var(--page); border: 1px solid var(--line); border-radius: 12px; padding: 22px 26px; margin-bottom: 18px; }
.card-head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin-bottom: 14px; }
.card-head h2 { margin: 0; }
.card-head .note { color: var(--muted); font-size: 13px; }

.summary { display: grid; grid-template-columns: 210px 1fr; gap: 28px; align-items: center; }
.donut svg { display: block; width: 190px; height: 190px; }
.donut-total { font: 700 9px var(--sans); fill: var(--ink); }
.donut-label { font: 3.4px var(--sans); fill: var(--muted); text-transform: uppercase; letter-spacing: 0.2px; }
.stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.stat { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; border-top: 4px solid var(--none); }
.stat .value { font-size: 26px; font-weight: 700; line-height: 1.1; }
.stat .label { font-size: 13px; color: var(--muted); }
.stat.passed { border-top-color: var(--passed); }
.stat.failed { border-top-color: var(--failed); }
.stat.skipped { border-top-color: var(--skipped); }
.stat.unknown { border-top-color: var(--unknown); }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin-top: 12px; }
.figure { background: var(--soft); border-radius: 10px; padding: 10px 14px; }
.figure .value { font-size: 18px; font-weight: 700; }
.figure .label { font-size: 13px; color: var(--muted); }
.figure .split { font-size: 12.5px; color: var(--muted); }
.notice { margin-top: 14px; padding: 10px 14px; border-radius: 8px; background: var(--skipped-soft); border-left: 4px solid var(--skipped); font-size: 14px; }

.bar { margin: 4px 0 12px; }
.bar svg { display: block; width: 100%; height: 14px; border-radius: 7px; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 0 0 16px; padding: 0; list-style: none; font-size: 13.5px; }
.legend li { display: flex; align-items: center; gap: 7px; }
.legend .n { font-weight: 700; }
.swatch { display: inline-flex; align-items: center; justify-content: center; width: 20px; height: 20px; border-radius: 5px; font-size: 12px; font-weight: 700; }

.cov-checked { background: var(--passed-soft); color: var(--passed-ink); border: 1px solid var(--passed); }
.cov-failed { background: var(--failed); color: #fff; border: 1px solid var(--failed); }
.cov-unknown { background: var(--unknown-soft); color: var(--unknown-ink); border: 1px solid var(--unknown); }
.cov-skipped { background: var(--skipped-soft); color: var(--skipped-ink); border: 1px solid var(--skipped); }
.cov-none { background: var(--page); color: var(--faint); border: 1px dashed var(--none); }
.cov-nbb { color: var(--muted); border: 1px solid var(--line); background: repeating-linear-gradient(135deg, #eef0f3 0 4px, #ffffff 4px 8px); }

.matrix-section { display: grid; grid-template-columns: 190px 1fr; gap: 14px; padding: 12px 0; border-top: 1px solid var(--line); }
.matrix-section:first-of-type { border-top: 0; }
.matrix-title { font-size: 14px; font-weight: 650; }
.matrix-title .tally { display: block; font-weight: 400; font-size: 12.5px; color: var(--muted); margin-top: 2px; }
.cells { display: flex; flex-wrap: wrap; gap: 6px; }
.cell { width: 86px; border-radius: 7px; padding: 5px 6px 4px; cursor: help; }
.cell .id { display: block; font: 700 13px/1.2 var(--mono); }
.cell .status { display: block; font-size: 10px; line-height: 1.3; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cell .lv { display: block; font-size: 10px; opacity: 0.8; letter-spacing: 0.03em; }

details { margin-top: 10px; }
details summary { cursor: pointer; color: var(--accent); font-size: 13.5px; font-weight: 600; overflow-wrap: anywhere; }
details[open] summary { margin-bottom: 10px; }

table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
th { text-align: left; font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); border-bottom: 2px solid var(--line); padding: 8px 10px; }
td { border-bottom: 1px solid var(--line); padding: 8px 10px; vertical-align: top; overflow-wrap: break-word; }
tr:last-child td { border-bottom: 0; }
.table-wrap { overflow-x: auto; }
td.prose { overflow-wrap: anywhere; min-width: 220px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id { font-family: var(--mono); font-size: 13px; overflow-wrap: anywhere; min-width: 180px; }
.section-row td { background: var(--soft); font-weight: 650; font-size: 12.5px; color: var(--muted); }

.badge { display: inline-block; font-size: 12px; font-weight: 700; border-radius: 6px; padding: 1px 8px; white-space: nowrap; border: 1px solid; }
.badge.passed { color: var(--passed-ink); background: var(--passed-soft); border-color: var(--passed); }
.badge.failed { color: var(--failed-ink); background: var(--failed-soft); border-color: var(--failed); }
.badge.skipped { color: var(--skipped-ink); background: var(--skipped-soft); border-color: var(--skipped); }
.badge.unknown { color: var(--unknown-ink); background: var(--unknown-soft); border-color: var(--unknown); }
.badge.known { color: var(--muted); background: var(--soft); border-color: var(--line); }
.tag { display: inline-block; font: 600 12px/1.6 var(--mono); background: var(--soft); border: 1px solid var(--line); border-radius: 5px; padding: 0 6px; margin: 0 4px 2px 0; }

.scenario { border: 1px solid var(--line); border-left: 5px solid var(--failed); border-radius: 10px; padding: 16px 20px; margin-top: 14px; }
.scenario.unknown { border-left-color: var(--unknown); }
.scenario-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.scenario-head h3 { font-family: var(--mono); font-size: 14.5px; }
.scenario-title { color: var(--muted); }
.scenario-reason { margin: 8px 0 0; font-size: 14px; }
.reproduce { display: flex; align-items: stretch; margin: 12px 0 4px; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.reproduce .label { background: var(--soft); color: var(--muted); font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.05em; padding: 8px 12px; border-right: 1px solid var(--line); white-space: nowrap; }
.reproduce code { flex: 1; padding: 7px 12px; background: #fbfcfd; user-select: all; overflow-wrap: anywhere; }
.check { border-top: 1px solid var(--line); margin-top: 14px; padding-top: 14px; }
.check-head { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; font-size: 14px; }
.check-head .what { font-weight: 650; }
.check-head .step { color: var(--muted); }
.versus { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin-top: 10px; }
.versus .side { border-radius: 8px; padding: 8px 12px; min-width: 0; }
.versus .expected { background: var(--passed-soft); }
.versus .actual { background: var(--failed-soft); }
.versus .actual.unknown { background: var(--unknown-soft); }
.versus pre { margin: 2px 0 0; background: transparent; padding: 0; border: 0; }
pre { margin: 0; padding: 10px 12px; background: #f7f8fa; border: 1px solid var(--line); border-radius: 8px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 480px; overflow: auto; }
.exchange { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.exchange .half { min-width: 0; }
.truncated { font-size: 12.5px; color: var(--skipped-ink); margin-top: 4px; }
.empty { color: var(--muted); font-style: italic; }

footer { color: var(--faint); font-size: 12.5px; text-align: center; margin-top: 26px; }

@media (max-width: 820px) {
  .summary, .matrix-section, .versus, .exchange { grid-template-columns: 1fr; }
  .meta { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .stats, .figures { grid-template-columns: repeat(2, 1fr); }
}
@media print {
  html { background: #fff; }
  .card, .masthead { border: 0; padding: 0; }
  .toc { display: none; }
  pre { max-height: none; }
}
)css";
}

}  // namespace ringpool::reports
