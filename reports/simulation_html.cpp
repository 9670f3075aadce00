#include "reports/simulation_html.hpp"

#include "reports/html_page.hpp"
#include "reports/html_style.hpp"
#include "reports/simulation_charts.hpp"
#include "reports/simulation_json.hpp"
#include "reports/simulation_text.hpp"
#include "reports/svg_chart.hpp"
#include "sim/core/time.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pugixml.hpp>

#include <string>
#include <vector>

namespace ringpool::reports {

// Named, not anonymous: a unity build puts every reports/ file in one translation unit.
namespace simulation_page {

using namespace ringpool::sim::plan;
using simulation_text::amount;
using simulation_text::duration;
using simulation_text::erlang_b_departures;
using simulation_text::featured_point;
using simulation_text::highest;
using simulation_text::holding_time;
using simulation_text::interval;
using simulation_text::knobs;
using simulation_text::metric;
using simulation_text::money;
using simulation_text::percent;
using simulation_text::rule_of_thumb_gap;
using simulation_text::stability;
using html::add;
using html::add_text;
using html::set;
using pugi::xml_node;

constexpr std::string_view kExtraStyle = R"css(
.hero { font-size: 22px; font-weight: 650; margin: 6px 0 4px; }
.hero-none { color: var(--failed-ink); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 12px; margin-top: 14px; }
.fact { background: var(--soft); border-radius: 10px; padding: 12px 14px; }
.fact .value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.fact .label { font-size: 12.5px; color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 14px; }
.chart-box { background: var(--page); border: 1px solid var(--line); border-radius: 12px; padding: 10px; }
.chart-box svg { width: 100%; height: auto; display: block; }
.chart-box p { margin: 6px 8px 4px; font-size: 13px; color: var(--muted); }
dl.plan { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
dl.plan dt { color: var(--muted); font-size: 13px; }
dl.plan dd { margin: 0; overflow-wrap: anywhere; }
tr.recommended td { background: #e7f1f8; font-weight: 600; }
td.met { color: var(--passed-ink); }
td.unmet { color: var(--failed-ink); }
td.why { font-size: 12.5px; color: var(--muted); min-width: 260px; }
p.warning { color: var(--failed-ink); }
)css";

void fact(xml_node parent, std::string_view value, std::string_view label) {
  xml_node box = add(parent, "div", "fact");
  add_text(box, "div", value, "value");
  add_text(box, "div", label, "label");
}

void list(xml_node parent, const std::vector<std::string>& items) {
  xml_node ul = add(parent, "ul");
  for (const std::string& item : items) add_text(ul, "li", item);
}

void textbook_facts(xml_node facts, const StudyResult& result, std::size_t point) {
  const StudyDescription& study = result.description;
  const PointDescription& description = study.points[point];
  fact(facts, fmt::format("{:.1f}", description.rule_of_thumb_numbers),
       fmt::format("rule of thumb: peak visits/hour x lifetime hours ({:.0f}/h x {:.2f} h)",
                   description.peak_visits_per_second * 3600, static_cast<double>(description.lifetime_seconds) / 3600));
  if (description.erlang_b_numbers_for_target && study.targets.overflow_rate_max)
    fact(facts, fmt::format("{} trackable", *description.erlang_b_numbers_for_target),
         fmt::format("Erlang-B at the peak load ({:.1f} erlangs) for overflow <= {}", description.peak_offered_load_erlangs,
                     percent(*study.targets.overflow_rate_max)));
  fact(facts, fmt::format("{} trackable", description.trackable_numbers),
       fmt::format("at max_pool_size {} ({})", description.max_pool_size,
                   result.recommendation.point ? "recommended" : "first sweep point"));
  fact(facts, interval(metric(result, point, "overflow_rate"), true),
       fmt::format("simulated overflow (95% interval); Erlang-B({}, {:.2f} erlangs) = {}, holding time {}",
                   description.trackable_numbers, description.peak_offered_load_erlangs,
                   percent(description.erlang_b_overflow), holding_time(result, point)));
}

void measured_facts(xml_node facts, const StudyResult& result, std::size_t point) {
  const StudyDescription& study = result.description;
  const PointDescription& description = study.points[point];
  fact(facts, interval(metric(result, point, "overflow_rate_busiest_hour"), true),
       "overflow in the busiest hour (the clock hour with the most visits of each run)");
  const Summary& leased_peak = metric(result, point, "leased_peak");
  fact(facts, amount(leased_peak.mean),
       fmt::format("leased peak: the most numbers leased at once (mean over replications; highest {})",
                   amount(static_cast<double>(highest(result, point, &RunMetrics::leased_peak)))));
  fact(facts, amount(metric(result, point, "held_peak").mean),
       fmt::format("held peak: the most numbers held at once, overflow number included (highest {}; max_pool_size {})",
                   amount(static_cast<double>(highest(result, point, &RunMetrics::held_peak))), description.max_pool_size));
  const Summary& overflow = metric(result, point, "overflow_rate");
  fact(facts, interval(metric(result, point, "leased_mean"), false),
       fmt::format("mean numbers leased; Little's law: {:.1f} x (1 - overflow) = {:.1f}", description.littles_law_leased,
                   description.littles_law_leased * (1 - overflow.mean)));
  if (study.calls != "no calls") fact(facts, interval(metric(result, point, "misattributed_share"), true), "calls misattributed");
  if (study.cost_per_number_per_month > 0)
    fact(facts, money(metric(result, point, "cost_per_month").mean, study.currency), "per month (numbers held x price)");
}

void render_recommendation(xml_node page, const StudyResult& result) {
  const StudyDescription& study = result.description;
  xml_node card = add(page, "section", "card");
  set(card, "id", "recommendation");
  add_text(card, "h4", "Recommendation");
  if (result.recommendation.point) {
    add_text(card, "div", knobs(study.points[*result.recommendation.point]), "hero");
  } else {
    add_text(card, "div", study.has_targets() ? "No sweep point meets the targets" : "No recommendation: the plan sets no targets",
             "hero hero-none");
  }
  add_text(card, "p", result.recommendation.explanation, "muted");
  const std::size_t point = featured_point(result);
  xml_node facts = add(card, "div", "facts");
  textbook_facts(facts, result, point);
  measured_facts(facts, result, point);
  if (const std::string gap = rule_of_thumb_gap(result, point); !gap.empty()) add_text(card, "p", gap);
  const std::vector<std::string> departures = erlang_b_departures(result, point);
  if (departures.empty()) {
    add_text(card, "p",
             fmt::format("Erlang-B applies here: Poisson visits at one rate, a pool that holds its {} trackable numbers "
                         "throughout, holding time {}.",
                         study.points[point].trackable_numbers, holding_time(result, point)),
             "muted");
  } else {
    add_text(card, "p", fmt::format("Where the simulated pool departs from Erlang-B (holding time {}):", holding_time(result, point)),
             "muted");
    list(card, departures);
  }
}

void render_why(xml_node page, const StudyResult& result) {
  const StudyDescription& study = result.description;
  const Recommendation& recommendation = result.recommendation;
  xml_node card = add(page, "section", "card");
  set(card, "id", "why");
  add_text(card, "h2", "Why this point");
  if (!recommendation.point) {
    add_text(card, "p", recommendation.explanation);
  } else if (recommendation.cheaper.empty()) {
    add_text(card, "p", "No sweep point is cheaper.");
  } else {
    add_text(card, "p", "Every cheaper sweep point, most expensive first, and the target it misses:", "muted");
    xml_node table = add(add(card, "div", "table-wrap"), "table");
    xml_node head = add(table, "tr");
    for (const char* title : {"point", "cost/month", "held", "why not"}) add_text(head, "th", title);
    for (const CheaperPoint& cheaper : recommendation.cheaper) {
      xml_node row = add(table, "tr");
      add_text(row, "td", knobs(study.points[cheaper.point]));
      add_text(row, "td", money(metric(result, cheaper.point, "cost_per_month").mean, study.currency), "num");
      add_text(row, "td", fmt::format("{:.1f}", metric(result, cheaper.point, "held_mean").mean), "num");
      add_text(row, "td", cheaper.reason, "why");
    }
  }
  for (const std::string& warning : recommendation.warnings) add_text(card, "p", "Warning: " + warning, "warning");
  const std::string stable = stability(result);
  add_text(card, "p",
           stable.empty() ? "Stability across seeds: not measured (run with --stability-seeds 3 to repeat the study with "
                            "three more seeds and compare the recommendations)."
                          : stable,
           "muted");
}

void chart_box(xml_node parent, const svg::Chart& chart, std::string_view caption) {
  xml_node box = add(parent, "figure", "chart-box");
  set(box, "style", "margin: 0");
  svg::append_chart(box, chart);
  if (!caption.empty()) add_text(box, "p", caption);
}

void render_charts(xml_node page, const StudyResult& result) {
  xml_node card = add(page, "section", "card");
  add_text(card, "h2", "Charts");
  xml_node grid = add(card, "div", "charts");
  chart_box(grid, simulation_charts::overflow_chart(result),
            "Markers: simulated mean with its 95% interval. Dashed: Erlang-B with the pool's trackable numbers as servers "
            "and the holding time (lifetime + lease grace + quarantine).");
  chart_box(grid, simulation_charts::held_chart(result),
            fmt::format("At {}. Per time bucket: the mean over replications, and the peak (the most at any instant, highest "
                        "replication); the warm-up is not in the metrics.",
                        knobs(result.description.points[featured_point(result)])));
  if (result.description.calls == "no calls") {
    xml_node box = add(grid, "div", "chart-box");
    add_text(box, "p", "Misattribution: the plan has no calls (calls.call_share = 0).");
  } else {
    chart_box(grid, simulation_charts::misattribution_chart(result),
              "A call is misattributed when the most recent lease on its number before the call is another visitor's.");
  }
  chart_box(grid, simulation_charts::cost_chart(result),
            "Each marker is a sweep point; the recommendation is the cheapest that meets every target.");
}

std::string targets_text(const StudyDescription& study) {
  std::vector<std::string> targets;
  for (const TargetDefinition& target : target_definitions())
    if (const auto& limit = study.targets.*target.limit) targets.push_back(fmt::format("{} <= {}", target.label, percent(*limit)));
  if (targets.empty()) return "none (so no point is recommended)";
  return fmt::format("{} (at the 95% interval's upper end)", fmt::join(targets, ", "));
}

void render_plan(xml_node page, const StudyResult& result) {
  const StudyDescription& study = result.description;
  xml_node card = add(page, "section", "card");
  add_text(card, "h2", "The plan");
  xml_node list = add(card, "dl", "plan");
  const auto item = [&](std::string_view term, std::string_view value) {
    add_text(list, "dt", term);
    add_text(list, "dd", value);
  };
  item("plan file", fmt::format("{} (digest {} over its content and the files it read)", study.source, study.plan_digest));
  item("horizon", fmt::format("{} from {}, the first {} excluded as warm-up", duration(study.length),
                              sim::format_iso8601(study.start), duration(study.warm_up)));
  item("pool", study.pool);
  item("policy", study.policy);
  item("traffic", study.traffic);
  item("calls", study.calls);
  item("cost", study.cost_per_number_per_month > 0
                   ? fmt::format("{} per number per month", money(study.cost_per_number_per_month, study.currency))
                   : std::string("not priced"));
  item("targets", targets_text(study));
  item("sweep", study.knob_names.empty() ? std::string("none: one point")
                                         : fmt::format("{} ({} points{})", fmt::join(study.knob_names, " x "),
                                                       study.points.size(), study.paired ? ", paired" : ""));
  item("replications", fmt::format("{} per point, seed {}", study.replications, study.seed));
}

void point_row(xml_node table, const StudyResult& result, std::size_t i) {
  const PointDescription& point = result.description.points[i];
  xml_node row = add(table, "tr", result.recommendation.point == i ? "recommended" : "");
  add_text(row, "td", knobs(point));
  add_text(row, "td", fmt::format("{}", point.trackable_numbers), "num");
  add_text(row, "td", fmt::format("{:.2f}", point.peak_offered_load_erlangs), "num");
  add_text(row, "td", interval(metric(result, i, "overflow_rate"), true), "num");
  add_text(row, "td", interval(metric(result, i, "overflow_rate_busiest_hour"), true), "num");
  add_text(row, "td", percent(point.erlang_b_overflow), "num");
  add_text(row, "td", amount(metric(result, i, "leased_peak").mean), "num");
  add_text(row, "td", interval(metric(result, i, "held_mean"), false), "num");
  add_text(row, "td", interval(metric(result, i, "misattributed_share"), true), "num");
  add_text(row, "td", percent(metric(result, i, "unattributed_share").mean), "num");
  add_text(row, "td", money(metric(result, i, "cost_per_month").mean, result.description.currency), "num");
  const bool met = result.points[i].meets_targets;
  if (result.description.has_targets()) {
    add_text(row, "td", met ? "✓ met" : "✗ missed", met ? "met" : "unmet");
  } else {
    add_text(row, "td", "–");
  }
  add_text(row, "td", result.points[i].verdict, "why");
}

void render_points(xml_node page, const StudyResult& result) {
  xml_node card = add(page, "section", "card");
  add_text(card, "h2", "Every sweep point");
  add_text(card, "p",
           "Means with 95% intervals: Student t over the replications, clipped to what the quantity can be (a rate to "
           "0–100%, an amount to 0 or more); for a rate whose replications all agree (or a single replication), Wilson's "
           "score interval on the counts pooled over the replications. Erlang-B at the peak offered load. A target is met "
           "when the interval's upper end is within it.",
           "muted");
  xml_node table = add(add(card, "div", "table-wrap"), "table");
  xml_node head = add(table, "tr");
  for (const char* title : {"point", "trackable", "load (erl)", "overflow", "busiest hour", "Erlang-B", "leased peak", "held",
                            "misattributed", "unattributed", "cost/month", "targets", "why"})
    add_text(head, "th", title);
  for (std::size_t i = 0; i < result.points.size(); ++i) point_row(table, result, i);
}

}  // namespace simulation_page


std::string render_simulation_html(const sim::plan::StudyResult& result) {
  using namespace simulation_page;
  const StudyDescription& study = result.description;
  html::Page document(fmt::format("RingPool capacity plan — {}", study.title),
                      std::string(html_report_stylesheet()) + std::string(kExtraStyle));
  xml_node page = add(document.body(), "div", "page");
  xml_node masthead = add(page, "header", "masthead");
  add_text(masthead, "div", "RingPool capacity plan", "eyebrow");
  add_text(masthead, "h1", study.title);
  if (!study.description.empty()) add_text(masthead, "p", study.description, "muted");
  if (study.points.empty()) {
    add_text(page, "p", "The plan has no sweep points.");
  } else {
    render_recommendation(page, result);
    render_why(page, result);
    render_charts(page, result);
    render_plan(page, result);
    render_points(page, result);
  }
  add_text(page, "footer",
           fmt::format("Generated by ringpool simulate · machine-readable twins: simulation.json ({}), points.csv, runs.csv "
                       "· self-contained: no scripts, no network · the same plan and seed give the same bytes",
                       kSimulationSchema));
  return document.render();
}

}  // namespace ringpool::reports
