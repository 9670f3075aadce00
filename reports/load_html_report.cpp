#include "reports/load_html_report.hpp"

#include "reports/html_page.hpp"
#include "reports/html_style.hpp"
#include "reports/report_text.hpp"
#include "reports/svg_chart.hpp"
#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>

namespace ringpool::reports {

// Named, not anonymous: the unity build compiles this file with html_report.cpp, whose helpers
// have the same names.
namespace load_html {

using html::add;
using html::add_text;
using html::set;
using pugi::xml_node;

std::string grouped(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}



std::string ms(double value) {
  if (value >= 100) return fmt::format("{:.0f} ms", value);
  if (value >= 1) return fmt::format("{:.2f} ms", value);
  return fmt::format("{:.3f} ms", value);
}

void figure_box(xml_node parent, std::string_view label, std::string_view value, std::string_view split = {}) {
  xml_node box = add(parent, "div", "figure");
  add_text(box, "div", label, "label");
  add_text(box, "div", value, "value");
  if (!split.empty()) add_text(box, "div", split, "split");
}

void meta_item(xml_node list, std::string_view term, std::string_view value) {
  xml_node item = add(list, "div");
  add_text(item, "dt", term);
  add_text(item, "dd", value);
}

xml_node card(xml_node parent, const char* id, std::string_view title, std::string_view note = {}) {
  xml_node section = add(parent, "section", "card");
  set(section, "id", id);
  xml_node head = add(section, "div", "card-head");
  add_text(head, "h2", title);
  if (!note.empty()) add_text(head, "span", note, "note");
  return section;
}

void render_masthead(xml_node page, const load::LoadResult& result, const std::vector<std::string>& failed_gates) {
  const load::LoadSettings& settings = result.settings;
  xml_node head = add(page, "header", "masthead");
  xml_node top = add(head, "div", "masthead-top");
  xml_node titles = add(top, "div");
  add_text(titles, "div", "RingPool load report", "eyebrow");
  add_text(titles, "h1", settings.target);
  std::string verdict = "✓ Passed";
  std::string css = "verdict verdict-passed";
  if (result.violation_count > 0) {
    verdict = fmt::format("✗ {} invariant violation{}", grouped(result.violation_count), result.violation_count == 1 ? "" : "s");
    css = "verdict verdict-failed";
  } else if (!failed_gates.empty()) {
    verdict = fmt::format("✗ {} gate{} failed", failed_gates.size(), failed_gates.size() == 1 ? "" : "s");
    css = "verdict verdict-failed";
  }
  add_text(top, "div", verdict, css);
  xml_node meta = add(head, "dl", "meta");
  meta_item(meta, "Loop", settings.loop == "open" ? fmt::format("open, {:g} req/s", settings.rate) : "closed");
  meta_item(meta, "Connections", std::to_string(settings.connections));
  meta_item(meta, "Duration", fmt::format("{:g} s + {:g} s warm-up", settings.duration_seconds, settings.warmup_seconds));
  meta_item(meta, "Target clock",
            settings.clock_speed > 0 ? fmt::format("{}, x{:g}", settings.clock, settings.clock_speed) : settings.clock);
  std::string shards;
  for (const std::string& shard : settings.shards) shards += (shards.empty() ? "" : ", ") + shard;
  meta_item(meta, "Shards", shards.empty() ? "—" : shards);
  xml_node wide = add(meta, "div", "wide");
  add_text(wide, "dt", "Mix");
  add_text(wide, "dd",
           fmt::format("{} · {} pools of {} numbers, leases of {} s · bulk batches of {} rows · seed {} · run id {}", settings.mix,
                       settings.pools, settings.pool_size, settings.lifetime_seconds, settings.bulk_rows, settings.seed,
                       settings.run_id));
}

void render_summary(xml_node page, const load::LoadResult& result, const std::vector<std::string>& failed_gates) {
  xml_node section = card(page, "summary", "Summary",
                          result.settings.loop == "open" ? "latency from when each request was due (no coordinated omission)"
                                                         : "latency from when each request was sent");
  xml_node figures = add(section, "div", "figures");
  figure_box(figures, "Requests", grouped(result.requests), fmt::format("in {:.1f} s", result.measured_seconds));
  figure_box(figures, "Throughput", fmt::format("{:.0f} req/s", result.requests_per_second()),
             result.not_sent > 0 ? fmt::format("{} due but never sent", grouped(result.not_sent)) : std::string());
  figure_box(figures, "Errors", grouped(result.errors), fmt::format("{:.3f} % of requests", 100.0 * result.error_rate()));
  figure_box(figures, "Slowest first answer", ms(result.first_answer_wait_max_ms),
             result.connections_never_answered > 0
                 ? fmt::format("{} of {} connections never answered", result.connections_never_answered, result.settings.connections)
                 : fmt::format("every one of {} connections answered", result.settings.connections));
  const load::LatencyHistogram& latency = result.latency;
  figure_box(figures, "p50", ms(latency.quantile_ms(0.5)));
  figure_box(figures, "p99", ms(latency.quantile_ms(0.99)),
             fmt::format("p99.9 {} · p99.99 {}", ms(latency.quantile_ms(0.999)), ms(latency.quantile_ms(0.9999))));
  figure_box(figures, "max", ms(latency.max_ms()), fmt::format("mean {}", ms(latency.mean_ms())));
  figure_box(figures, "Violations", grouped(result.violation_count), "of the invariants below");
  for (const std::string& gate : failed_gates) add_text(section, "div", "Gate failed: " + gate, "notice");
}

void render_latency_over_time(xml_node page, const load::LoadResult& result) {
  xml_node section = card(page, "over-time", "Latency over time", "each second of the measured window");
  svg::Chart latency;
  latency.id = "latency-time";
  latency.title = "Latency per second";
  latency.x = svg::Axis("Time since the window began", "s");
  latency.x.include_zero = true;
  latency.y = svg::Axis("Latency", "ms", svg::Scale::Log);
  svg::Series p50("p50", svg::SeriesKind::Step), p99("p99", svg::SeriesKind::Step), max("max", svg::SeriesKind::Step);
  max.dashed = true;
  svg::Chart rate;
  rate.id = "rate-time";
  rate.title = "Requests and errors per second";
  rate.x = latency.x;
  rate.y = svg::Axis("Requests", "per s");
  rate.y.include_zero = true;
  svg::Series requests("requests", svg::SeriesKind::Step), errors("errors", svg::SeriesKind::Step);
  for (std::size_t second = 0; second < result.timeline.size(); ++second) {
    const load::TimelineSecond& bucket = result.timeline[second];
    const double x = static_cast<double>(second);
    requests.points.emplace_back(x, static_cast<double>(bucket.requests));
    errors.points.emplace_back(x, static_cast<double>(bucket.errors));
    if (bucket.latency.count() == 0) continue;
    p50.points.emplace_back(x, bucket.latency.quantile_ms(0.5));
    p99.points.emplace_back(x, bucket.latency.quantile_ms(0.99));
    max.points.emplace_back(x, bucket.latency.max_ms());
  }
  // A step holds until the next point: one more point closes the last second.
  const double end = static_cast<double>(result.timeline.size());
  for (svg::Series* series : {&p50, &p99, &max, &requests, &errors})
    if (!series->points.empty()) series->points.emplace_back(end, series->points.back().y);
  latency.series = {p50, p99, max};
  rate.series = {requests, errors};
  rate.height = 260;
  svg::append_chart(section, latency);
  svg::append_chart(section, rate);
}

void render_distribution(xml_node page, const load::LoadResult& result) {
  xml_node section = card(page, "distribution", "Latency distribution", "share of requests answered within a latency");
  svg::Chart chart;
  chart.id = "latency-cdf";
  chart.title = "Cumulative distribution of latency";
  chart.x = svg::Axis("Latency", "ms", svg::Scale::Log);
  chart.y = svg::Axis("Requests answered within", "", svg::Scale::Linear, svg::TickFormat::Percent);
  chart.y.min = 0;
  chart.y.max = 1;
  const auto curve = [](const load::LatencyHistogram& histogram, std::string name) {
    svg::Series series(std::move(name), svg::SeriesKind::Line);
    if (histogram.count() == 0) return series;
    for (int permille = 1; permille <= 1000; permille += 1) {
      const double q = permille / 1000.0;
      series.points.emplace_back(histogram.quantile_ms(q), q);
    }
    return series;
  };
  chart.series.push_back(curve(result.latency, "all requests"));
  for (const auto& [kind, histogram] : result.latency_by_kind) {
    if (chart.series.size() >= 7) break;
    svg::Series series = curve(histogram, kind);
    series.dashed = true;
    chart.series.push_back(std::move(series));
  }
  const load::LatencyHistogram& all = result.latency;
  if (all.count() > 0) {
    chart.marks.emplace_back(all.quantile_ms(0.99), 0.99, fmt::format("p99 {}", ms(all.quantile_ms(0.99))));
    chart.marks.emplace_back(all.quantile_ms(0.5), 0.5, fmt::format("p50 {}", ms(all.quantile_ms(0.5))));
  }
  svg::append_chart(section, chart);

  xml_node table = add(add(section, "div", "table-wrap"), "table");
  xml_node header = add(table, "tr");
  for (const char* name : {"kind", "requests", "p50", "p90", "p99", "p99.9", "p99.99", "max"})
    add_text(header, "th", name, std::string_view(name) == "kind" ? "" : "num");
  const auto row = [&](std::string_view name, std::uint64_t count, const load::LatencyHistogram& histogram) {
    xml_node line = add(table, "tr");
    add_text(line, "td", name, "id");
    add_text(line, "td", grouped(count), "num");
    for (double q : {0.5, 0.9, 0.99, 0.999, 0.9999}) add_text(line, "td", ms(histogram.quantile_ms(q)), "num");
    add_text(line, "td", ms(histogram.max_ms()), "num");
  };
  row("all", result.requests, result.latency);
  for (const auto& [kind, histogram] : result.latency_by_kind) {
    const auto count = result.requests_by_kind.find(kind);
    row(kind, count == result.requests_by_kind.end() ? histogram.count() : count->second, histogram);
  }
}

void render_errors(xml_node page, const load::LoadResult& result) {
  xml_node section = card(page, "errors", "Errors by class", "non-2xx answers and requests that got no answer");
  if (result.errors_by_class.empty()) {
    add_text(section, "p", "None.", "empty");
    return;
  }
  xml_node table = add(add(section, "div", "table-wrap"), "table");
  xml_node header = add(table, "tr");
  add_text(header, "th", "status and class");
  add_text(header, "th", "count", "num");
  for (const auto& [name, count] : result.errors_by_class) {
    xml_node line = add(table, "tr");
    add_text(line, "td", name, "prose");
    add_text(line, "td", grouped(count), "num");
  }
}


void render_invariants(xml_node page, const load::LoadResult& result) {
  xml_node section = card(page, "invariants", "Invariants under load",
                          "P-1 no overlapping leases · P-4 one overflow number, never leased · B-4 Bulk rows in order · "
                          "no 5xx · no request left unanswered — judged with the rules `ringpool check` uses, by profile");
  const load::InvariantTally& tally = result.invariants;
  xml_node figures = add(section, "div", "figures");
  figure_box(figures, "Allocations judged", grouped(tally.allocations_judged),
             tally.unjudged_csv > 0 ? fmt::format("{} with an overflow flag the {} profile does not believe", grouped(tally.unjudged_csv),
                                                  result.settings.profile.empty() ? "vendor" : result.settings.profile)
                                    : std::string());
  figure_box(figures, "Leases opened", grouped(tally.leases_opened),
             fmt::format("{} numbers reused after their lease ended", grouped(tally.reused_after_lease_end)));
  figure_box(figures, "Overflow answers", grouped(tally.overflow_answers));
  figure_box(figures, "Bulk rows checked", grouped(tally.bulk_rows_checked));
  figure_box(figures, "Pools cross-checked", std::to_string(tally.pools_cross_checked), "with the control API's pool view");
  figure_box(figures, "Violations", grouped(result.violation_count));
  if (tally.reused_after_lease_end == 0 && tally.leases_opened > 0)
    add_text(section, "div",
             "No number was leased again after its lease ended: P-1 was never put to the test of reuse (run longer, "
             "or drive the target's clock with --clock-speed).",
             "notice");
  for (const load::Violation& violation : result.violations) {
    xml_node box = add(section, "div", "scenario");
    xml_node head = add(box, "div", "scenario-head");
    add_text(head, "span", "✗ " + violation.clause, "badge failed");
    add_text(head, "span", violation.what, "scenario-title");
    // The answers side by side: what was asked, when, and what came back.
    xml_node sides = add(box, "div", "versus");
    for (std::size_t i = 0; i < violation.evidence.size(); ++i) {
      const load::Evidence& evidence = violation.evidence[i];
      xml_node side = add(sides, "div", "side actual");
      add_text(side, "h4", fmt::format("Answer {}", i + 1));
      add_text(side, "pre", evidence.request);
      add_text(side, "div",
               fmt::format("sent at {:.1f} ms, answered at {:.1f} ms of the run · target time {} · status {}",
                           evidence.sent_ms, evidence.received_ms, load::describe_target_time(evidence.server_time),
                           evidence.status == 0 ? std::string("none") : std::to_string(evidence.status)),
               "muted");
      add_text(side, "pre", evidence.answer);
    }
  }
  if (result.violations.size() < result.violation_count)
    add_text(section, "p", fmt::format("{} more violations (evidence kept for the first {}).",
                                       grouped(result.violation_count - result.violations.size()), result.violations.size()),
             "muted");
}

std::string render(const load::LoadResult& result, const std::vector<std::string>& failed_gates) {
  html::Page document(fmt::format("RingPool load — {}", result.settings.target),
                      std::string(html_report_stylesheet()) +
                          ".card svg { display: block; max-width: 100%; height: auto; margin: 6px 0 14px; }\n");
  xml_node page = add(document.body(), "div", "page");
  render_masthead(page, result, failed_gates);
  xml_node content = add(page, "main");
  render_summary(content, result, failed_gates);
  render_latency_over_time(content, result);
  render_distribution(content, result);
  render_errors(content, result);
  render_invariants(content, result);
  add_text(page, "footer",
           "Generated by ringpool load · machine-readable twin: load.json (ringpool-load-report/1) · self-contained: no "
           "scripts, no network · tokens and pool keys are never recorded");
  return document.render();
}

}  // namespace load_html

std::string render_load_html(const load::LoadResult& result, const std::vector<std::string>& failed_gates) {
  return load_html::render(result, failed_gates);
}

}  // namespace ringpool::reports
