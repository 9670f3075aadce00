#include "reports/simulation_html.hpp"

#include "reports/html_page.hpp"
#include "reports/html_style.hpp"
#include "reports/report_text.hpp"
#include "reports/simulation_json.hpp"
#include "reports/svg_chart.hpp"
#include "sim/core/time.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace ringpool::reports {

namespace simulation_page {

using namespace ringpool::sim::plan;
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
dl.plan dd { margin: 0; }
tr.recommended td { background: #e7f1f8; font-weight: 600; }
td.met { color: var(--passed-ink); }
td.unmet { color: var(--failed-ink); }
)css";

// ---- building blocks --------------------------------------------------------------------------

std::string percent(double fraction) {
  const double value = fraction * 100;
  if (value != 0 && std::abs(value) < 0.01) return fmt::format("{:.4f}%", value);
  return fmt::format("{:.2f}%", value);
}
std::string decimal(double value, int decimals = 1) { return fmt::format("{:.{}f}", value, decimals); }
std::string money(double value, const std::string& currency) { return fmt::format("{:.2f} {}", value, currency); }

std::string interval(const Summary& summary, bool as_percent, int decimals = 1) {
  const auto show = [&](double v) { return as_percent ? percent(v) : decimal(v, decimals); };
  if (!summary.ci95_low) return show(summary.mean);
  return fmt::format("{} ({} – {})", show(summary.mean), show(*summary.ci95_low), show(*summary.ci95_high));
}

// "3 days", "6 hours", "600 s".
std::string duration_text(sim::Duration duration) {
  const double seconds = static_cast<double>(duration) / 1000.0;
  if (seconds >= 86400 && std::fmod(seconds, 3600) == 0) return fmt::format("{:g} days", seconds / 86400);
  if (seconds >= 3600 && std::fmod(seconds, 60) == 0) return fmt::format("{:g} hours", seconds / 3600);
  return fmt::format("{:g} s", seconds);
}

std::string knobs_text(const PointDescription& point) {
  std::string out;
  for (const auto& [name, value] : point.knobs) out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", name, value.text());
  return out.empty() ? std::string("the plan as written") : out;
}

const Summary& metric(const StudyResult& result, std::size_t point, std::string_view name) {
  return result.points[point].metrics[metric_index(name)];
}

// A point's value for a knob, as a number for an axis (max_pool_size and lifetime_seconds exist
// for every point even when not swept).
std::optional<double> knob_number(const PointDescription& point, std::string_view name) {
  if (name == "max_pool_size") return static_cast<double>(point.max_pool_size);
  if (name == "lifetime_seconds") return static_cast<double>(point.lifetime_seconds);
  for (const auto& [knob, value] : point.knobs)
    if (knob == name) return value.number();
  return std::nullopt;
}

std::string knob_value_text(const PointDescription& point, std::string_view name) {
  for (const auto& [knob, value] : point.knobs)
    if (knob == name) return value.text();
  return {};
}

// The knob an x axis shows: `preferred` when swept, else the first numeric knob, else none.
std::optional<std::string> x_knob(const StudyDescription& study, std::string_view preferred) {
  if (std::find(study.knob_names.begin(), study.knob_names.end(), preferred) != study.knob_names.end())
    return std::string(preferred);
  for (const std::string& name : study.knob_names)
    if (!study.points.empty() && knob_number(study.points.front(), name)) return name;
  return std::nullopt;
}

// Points grouped by the other knob (crossed sweeps), in first-seen order; one group otherwise.
std::vector<std::pair<std::string, std::vector<std::size_t>>> groups_for(const StudyDescription& study,
                                                                         const std::optional<std::string>& x) {
  std::optional<std::string> other;
  if (!study.paired)
    for (const std::string& name : study.knob_names)
      if (!x || name != *x) other = name;
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  for (std::size_t i = 0; i < study.points.size(); ++i) {
    const std::string label = other ? fmt::format("{} = {}", *other, knob_value_text(study.points[i], *other)) : "";
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& group) { return group.first == label; });
    if (it == groups.end()) {
      groups.push_back({label, {}});
      it = groups.end() - 1;
    }
    it->second.push_back(i);
  }
  return groups;
}

std::string axis_label(std::string_view knob) {
  if (knob == "max_pool_size") return "Pool size (max_pool_size)";
  if (knob == "lifetime_seconds") return "Lease lifetime";
  return std::string(knob);
}

std::string axis_unit(std::string_view knob) {
  if (knob == "max_pool_size" || knob == "inventory_numbers") return "numbers";
  if (knob.ends_with("_seconds")) return "s";
  if (knob.starts_with("visits_per_")) return std::string(knob.substr(7)).replace(0, 4, "visits/");
  return {};
}

double x_value(const StudyDescription& study, std::size_t point, const std::optional<std::string>& x) {
  if (x) return knob_number(study.points[point], *x).value_or(static_cast<double>(point));
  return static_cast<double>(point + 1);
}

svg::Axis x_axis(const std::optional<std::string>& x) {
  if (!x) return svg::Axis("Sweep point", "");
  return svg::Axis(axis_label(*x), axis_unit(*x));
}

// ---- charts ---------------------------------------------------------------------------------

svg::Chart overflow_chart(const StudyResult& result) {
  const StudyDescription& study = result.description;
  const std::optional<std::string> x = x_knob(study, "max_pool_size");
  svg::Chart chart;
  chart.id = "overflow";
  chart.title = study.poisson ? "Overflow vs pool size, simulated and Erlang-B"
                              : "Overflow vs pool size, simulated and Erlang-B at the peak load";
  chart.x = x_axis(x);
  chart.y = svg::Axis("Visits answered with the overflow number", "", svg::Scale::Linear, svg::TickFormat::Percent);
  chart.y.include_zero = true;
  const std::size_t overflow = metric_index("overflow_rate");
  double low = 1, high = 0;
  const auto groups = groups_for(study, x);
  std::vector<std::vector<svg::Point>> curves_drawn;  // one Erlang-B curve per distinct curve
  for (const auto& [label, points] : groups) {
    svg::Series simulated(label.empty() ? "simulated (95% interval)" : fmt::format("simulated, {}", label),
                          svg::SeriesKind::Scatter);
    svg::Series erlang(label.empty() ? "Erlang-B" : fmt::format("Erlang-B, {}", label), svg::SeriesKind::Line);
    erlang.dashed = true;
    bool one_load = true;
    for (std::size_t point : points) {
      const Summary& summary = result.points[point].metrics[overflow];
      svg::Point marker(x_value(study, point, x), summary.mean);
      if (summary.ci95_low) {
        marker.y_low = std::max(0.0, *summary.ci95_low);
        marker.y_high = *summary.ci95_high;
      }
      simulated.points.push_back(marker);
      one_load = one_load && study.points[point].peak_offered_load_erlangs == study.points[points.front()].peak_offered_load_erlangs &&
                 study.points[point].max_pool_size - study.points[point].trackable_numbers ==
                     study.points[points.front()].max_pool_size - study.points[points.front()].trackable_numbers;
      if (summary.mean > 0) low = std::min(low, summary.mean);
      high = std::max(high, summary.mean);
    }
    if (x && *x == "max_pool_size" && one_load && points.size() > 1) {
      // The textbook curve at every pool size between the swept ones.
      const PointDescription& first = study.points[points.front()];
      const std::int64_t offset = first.max_pool_size - first.trackable_numbers;
      std::int64_t from = first.max_pool_size, to = first.max_pool_size;
      for (std::size_t point : points) {
        from = std::min(from, study.points[point].max_pool_size);
        to = std::max(to, study.points[point].max_pool_size);
      }
      const std::int64_t step = std::max<std::int64_t>(1, (to - from) / 400);
      for (std::int64_t size = from; size <= to; size += step)
        erlang.points.emplace_back(static_cast<double>(size), erlang_b(size - offset, first.peak_offered_load_erlangs));
    } else {
      erlang.kind = svg::SeriesKind::Scatter;
      erlang.dashed = false;
      for (std::size_t point : points)
        erlang.points.emplace_back(x_value(study, point, x), study.points[point].erlang_b_overflow);
    }
    for (const svg::Point& point : erlang.points)
      if (point.y > 0) low = std::min(low, point.y);
    // The textbook first, so the simulated markers are drawn over it; a curve the other knob
    // does not change (fill_immediately, say) is drawn once, named for every group.
    const bool repeated = std::any_of(curves_drawn.begin(), curves_drawn.end(), [&](const std::vector<svg::Point>& drawn) {
      return drawn.size() == erlang.points.size() &&
             std::equal(drawn.begin(), drawn.end(), erlang.points.begin(),
                        [](const svg::Point& a, const svg::Point& b) { return a.x == b.x && a.y == b.y; });
    });
    if (!repeated) {
      curves_drawn.push_back(erlang.points);
      chart.series.push_back(std::move(erlang));
    }
    chart.series.push_back(std::move(simulated));
  }
  if (curves_drawn.size() == 1 && groups.size() > 1)
    for (svg::Series& series : chart.series)
      if (series.name.starts_with("Erlang-B")) series.name = "Erlang-B";
  // Overflow spanning decades (the Erlang-B check) reads better on a log axis.
  if (high > 0 && high / low > 50) {
    chart.y.scale = svg::Scale::Log;
    chart.y.include_zero = false;
    // The textbook curve falls to 1e-15 and below at large pools; what matters ends well above.
    double simulated_low = high;
    for (const svg::Series& series : chart.series)
      if (series.kind == svg::SeriesKind::Scatter && !series.dashed)
        for (const svg::Point& point : series.points)
          if (point.y > 0) simulated_low = std::min(simulated_low, point.y);
    chart.y.min = std::max(simulated_low / 10, 1e-6);
  }
  // Pool sizes from 1 to 1000 (the Erlang-B check) need a log axis too.
  double x_low = 0, x_high = 0;
  for (std::size_t point = 0; point < study.points.size(); ++point) {
    const double value = x_value(study, point, x);
    x_low = point == 0 ? value : std::min(x_low, value);
    x_high = point == 0 ? value : std::max(x_high, value);
  }
  if (x_low > 0 && x_high / x_low > 50) chart.x.scale = svg::Scale::Log;
  if (study.targets.overflow_rate_max)
    chart.guides.emplace_back(svg::Guide::Direction::Horizontal, *study.targets.overflow_rate_max,
                              fmt::format("target {}", percent(*study.targets.overflow_rate_max)));
  if (result.recommendation.point) {
    const std::size_t point = *result.recommendation.point;
    chart.marks.emplace_back(x_value(study, point, x), result.points[point].metrics[overflow].mean, "recommended");
  }
  return chart;
}

std::size_t featured_point(const StudyResult& result) { return result.recommendation.point.value_or(0); }

svg::Chart held_chart(const StudyResult& result) {
  const StudyDescription& study = result.description;
  const std::size_t point = featured_point(result);
  const PointResult& measured = result.points[point];
  svg::Chart chart;
  chart.id = "held";
  chart.title = result.recommendation.point ? "Numbers over time, recommended point" : "Numbers over time, first point";
  chart.x = svg::Axis("Time since the horizon's start", "days");
  chart.y = svg::Axis("Held or leased, mean over replications", "numbers");
  chart.y.include_zero = true;
  const double bucket_days = static_cast<double>(study.bucket) / 86'400'000.0;
  const double length_days = static_cast<double>(study.length) / 86'400'000.0;
  svg::Series held("held (overflow number included)", svg::SeriesKind::Step);
  svg::Series leased("leased", svg::SeriesKind::Step);
  for (std::size_t i = 0; i < measured.held_series.size(); ++i) {
    held.points.emplace_back(static_cast<double>(i) * bucket_days, measured.held_series[i]);
    leased.points.emplace_back(static_cast<double>(i) * bucket_days, measured.leased_series[i]);
  }
  if (!measured.held_series.empty()) {
    held.points.emplace_back(length_days, measured.held_series.back());
    leased.points.emplace_back(length_days, measured.leased_series.back());
  }
  chart.series = {held, leased};
  const PointDescription& description = study.points[point];
  chart.guides.emplace_back(svg::Guide::Direction::Horizontal, static_cast<double>(description.max_pool_size),
                            fmt::format("max_pool_size {}", description.max_pool_size));
  chart.guides.emplace_back(svg::Guide::Direction::Horizontal, description.littles_law_leased,
                            fmt::format("rule of thumb: mean rate x lifetime = {:.1f}", description.littles_law_leased));
  if (study.warm_up > 0)
    chart.guides.emplace_back(svg::Guide::Direction::Vertical, static_cast<double>(study.warm_up) / 86'400'000.0,
                              "end of warm-up");
  return chart;
}

svg::Chart misattribution_chart(const StudyResult& result) {
  const StudyDescription& study = result.description;
  const std::optional<std::string> x = x_knob(study, "lifetime_seconds");
  const bool minutes = x && *x == "lifetime_seconds";
  svg::Chart chart;
  chart.id = "misattribution";
  chart.title = minutes ? "Misattributed calls vs lease lifetime" : "Misattributed calls across the sweep";
  chart.x = minutes ? svg::Axis("Lease lifetime (lifetime_seconds)", "minutes") : x_axis(x);
  chart.y = svg::Axis("Share of calls", "", svg::Scale::Linear, svg::TickFormat::Percent);
  chart.y.include_zero = true;
  const std::size_t misattributed = metric_index("misattributed_share");
  const std::size_t unattributed = metric_index("unattributed_share");
  auto groups = groups_for(study, x);
  // At most six curves: evenly spread over the other knob, always with the recommended one's.
  constexpr std::size_t kMaxCurves = 6;
  if (groups.size() > kMaxCurves) {
    std::vector<bool> chosen(groups.size(), false);
    for (std::size_t k = 0; k + 1 < kMaxCurves; ++k)
      chosen[static_cast<std::size_t>(std::llround(static_cast<double>(k) * static_cast<double>(groups.size() - 1) /
                                                   static_cast<double>(kMaxCurves - 2)))] = true;
    for (std::size_t k = 0; k < groups.size(); ++k)
      if (result.recommendation.point &&
          std::find(groups[k].second.begin(), groups[k].second.end(), *result.recommendation.point) != groups[k].second.end())
        chosen[k] = true;
    std::vector<std::pair<std::string, std::vector<std::size_t>>> kept;
    for (std::size_t k = 0; k < groups.size(); ++k)
      if (chosen[k]) kept.push_back(groups[k]);
    groups = std::move(kept);
  }
  const bool show_unattributed = groups.size() <= 2;
  for (const auto& [label, points] : groups) {
    svg::Series wrong(label.empty() ? "misattributed" : fmt::format("misattributed, {}", label), svg::SeriesKind::Line);
    wrong.show_markers = true;
    svg::Series nobody(label.empty() ? "unattributed" : fmt::format("unattributed, {}", label), svg::SeriesKind::Line);
    nobody.dashed = true;
    for (std::size_t point : points) {
      const double xv = x_value(study, point, x) / (minutes ? 60.0 : 1.0);
      const Summary& summary = result.points[point].metrics[misattributed];
      svg::Point marker(xv, summary.mean);
      if (summary.ci95_low) {
        marker.y_low = std::max(0.0, *summary.ci95_low);
        marker.y_high = *summary.ci95_high;
      }
      wrong.points.push_back(marker);
      nobody.points.emplace_back(xv, result.points[point].metrics[unattributed].mean);
    }
    chart.series.push_back(std::move(wrong));
    if (show_unattributed) chart.series.push_back(std::move(nobody));
  }
  if (study.targets.misattributed_share_max)
    chart.guides.emplace_back(svg::Guide::Direction::Horizontal, *study.targets.misattributed_share_max,
                              fmt::format("target {}", percent(*study.targets.misattributed_share_max)));
  if (result.recommendation.point) {
    const std::size_t point = *result.recommendation.point;
    chart.marks.emplace_back(x_value(study, point, x) / (minutes ? 60.0 : 1.0),
                             result.points[point].metrics[misattributed].mean, "recommended");
  }
  return chart;
}

svg::Chart cost_chart(const StudyResult& result) {
  const StudyDescription& study = result.description;
  const bool priced = study.cost_per_number_per_month > 0;
  svg::Chart chart;
  chart.id = "cost";
  chart.title = priced ? "Cost vs overflow, every sweep point" : "Numbers held vs overflow, every sweep point";
  chart.x = svg::Axis("Visits answered with the overflow number", "", svg::Scale::Linear, svg::TickFormat::Percent);
  chart.x.include_zero = true;
  chart.y = priced ? svg::Axis("Cost per month", study.currency) : svg::Axis("Numbers held, mean", "numbers");
  chart.y.include_zero = true;
  const std::size_t overflow = metric_index("overflow_rate");
  const std::size_t cost = metric_index(priced ? "cost_per_month" : "held_mean");
  svg::Series meets("meets every target", svg::SeriesKind::Scatter);
  meets.colour = "#009E73";
  svg::Series misses("misses a target", svg::SeriesKind::Scatter);
  misses.colour = "#D55E00";
  for (std::size_t point = 0; point < result.points.size(); ++point) {
    svg::Point marker(result.points[point].metrics[overflow].mean, result.points[point].metrics[cost].mean);
    (result.points[point].meets_targets ? meets : misses).points.push_back(marker);
  }
  if (!meets.points.empty()) chart.series.push_back(meets);
  if (!misses.points.empty()) chart.series.push_back(misses);
  if (study.targets.overflow_rate_max)
    chart.guides.emplace_back(svg::Guide::Direction::Vertical, *study.targets.overflow_rate_max,
                              fmt::format("target {}", percent(*study.targets.overflow_rate_max)));
  if (result.recommendation.point) {
    const std::size_t point = *result.recommendation.point;
    chart.marks.emplace_back(result.points[point].metrics[overflow].mean, result.points[point].metrics[cost].mean,
                             fmt::format("recommended: {}", knobs_text(study.points[point])));
  }
  return chart;
}

void chart_box(xml_node parent, const svg::Chart& chart, std::string_view caption) {
  xml_node box = add(parent, "figure", "chart-box");
  set(box, "style", "margin: 0");
  svg::append_chart(box, chart);
  if (!caption.empty()) add_text(box, "p", caption);
}

// ---- sections -------------------------------------------------------------------------------

void fact(xml_node parent, std::string_view value, std::string_view label) {
  xml_node box = add(parent, "div", "fact");
  add_text(box, "div", value, "value");
  add_text(box, "div", label, "label");
}

void render_recommendation(xml_node page, const StudyResult& result) {
  const StudyDescription& study = result.description;
  xml_node card = add(page, "section", "card");
  set(card, "id", "recommendation");
  add_text(card, "h4", "Recommendation");
  if (result.recommendation.point) {
    const std::size_t point = *result.recommendation.point;
    add_text(card, "div", knobs_text(study.points[point]), "hero");
  } else {
    add_text(card, "div", "No sweep point meets the targets", "hero hero-none");
  }
  add_text(card, "p", result.recommendation.explanation, "muted");

  const std::size_t point = featured_point(result);
  const PointDescription& description = study.points[point];
  xml_node facts = add(card, "div", "facts");
  fact(facts, decimal(description.rule_of_thumb_numbers),
       fmt::format("rule of thumb: peak visits/hour x lifetime hours ({:.0f}/h x {:.2f} h)",
                   description.peak_visits_per_second * 3600, static_cast<double>(description.lifetime_seconds) / 3600));
  if (description.erlang_b_numbers_for_target && study.targets.overflow_rate_max)
    fact(facts, fmt::format("{} trackable", *description.erlang_b_numbers_for_target),
         fmt::format("Erlang-B at the peak load ({:.1f} erlangs) for overflow <= {}", description.peak_offered_load_erlangs,
                     percent(*study.targets.overflow_rate_max)));
  fact(facts, fmt::format("{} trackable", description.trackable_numbers),
       fmt::format("at max_pool_size {} ({})", description.max_pool_size,
                   result.recommendation.point ? "recommended" : "first sweep point"));
  const Summary& overflow = metric(result, point, "overflow_rate");
  fact(facts, interval(overflow, true), fmt::format("simulated overflow (95% interval); Erlang-B says {}",
                                                    percent(description.erlang_b_overflow)));
  fact(facts, interval(metric(result, point, "leased_mean"), false),
       fmt::format("mean numbers leased; Little's law: {:.1f} x (1 - overflow) = {:.1f}", description.littles_law_leased,
                   description.littles_law_leased * (1 - overflow.mean)));
  fact(facts, interval(metric(result, point, "misattributed_share"), true), "calls misattributed");
  if (study.cost_per_number_per_month > 0)
    fact(facts, money(metric(result, point, "cost_per_month").mean, study.currency), "per month (numbers held x price)");
  const double rule = description.rule_of_thumb_numbers;
  if (result.recommendation.point && rule > 0) {
    const double gap = static_cast<double>(description.trackable_numbers) - rule;
    add_text(card, "p",
             gap > 0 ? fmt::format("The rule of thumb under-sizes the pool by {:.0f} trackable numbers ({:.0f}% fewer than "
                                   "the simulation needs).",
                                   gap, 100 * gap / static_cast<double>(description.trackable_numbers))
                     : fmt::format("The rule of thumb asks for {:.0f} more numbers than the simulation needs.", -gap));
  }
  const Summary& growth = metric(result, point, "growth_steps");
  const Summary& shrink = metric(result, point, "shrink_steps");
  add_text(card, "p",
           fmt::format("Where the real policy departs from the textbook: Erlang-B assumes all {} trackable numbers are always "
                       "there; here the pool grew {:.1f} times and shrank {:.1f} times in the measured window (autoscaling "
                       "steps, shrink policy, quarantine and provisioning delays), and {}.",
                       description.trackable_numbers, growth.mean, shrink.mean,
                       study.poisson ? "traffic is Poisson at one rate" : "traffic varies, so Erlang-B is taken at the peak load"),
           "muted");
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
  item("plan file", fmt::format("{} (digest {})", study.source, study.plan_digest));
  item("horizon", fmt::format("{} from {}, the first {} excluded as warm-up", duration_text(study.length),
                              sim::format_iso8601(study.start), duration_text(study.warm_up)));
  item("pool", study.pool);
  item("policy", study.policy);
  item("traffic", study.traffic);
  item("calls", study.calls);
  item("cost", study.cost_per_number_per_month > 0
                   ? fmt::format("{} per number per month", money(study.cost_per_number_per_month, study.currency))
                   : std::string("not priced"));
  std::string targets;
  const auto target = [&](std::string_view name, const std::optional<double>& limit) {
    if (limit) targets += fmt::format("{}{} <= {}", targets.empty() ? "" : ", ", name, percent(*limit));
  };
  target("overflow", study.targets.overflow_rate_max);
  target("misattributed", study.targets.misattributed_share_max);
  target("unattributed", study.targets.unattributed_share_max);
  target("no number", study.targets.no_number_rate_max);
  item("targets", targets.empty() ? std::string("none") : targets + " (at the 95% interval's upper end)");
  item("sweep", study.knob_names.empty() ? std::string("none: one point")
                                         : fmt::format("{} ({} points{})", fmt::join(study.knob_names, " x "),
                                                       study.points.size(), study.paired ? ", paired" : ""));
  item("replications", fmt::format("{} per point, seed {}", study.replications, study.seed));
}

void render_charts(xml_node page, const StudyResult& result) {
  xml_node card = add(page, "section", "card");
  add_text(card, "h2", "Charts");
  xml_node grid = add(card, "div", "charts");
  chart_box(grid, overflow_chart(result),
            "Markers: simulated mean with its 95% interval. Dashed: Erlang-B with the pool's trackable numbers as servers.");
  chart_box(grid, held_chart(result),
            fmt::format("At {}. Mean over replications per time bucket; the warm-up is not in the metrics.",
                        knobs_text(result.description.points[featured_point(result)])));
  if (result.description.calls == "no calls") {
    xml_node box = add(grid, "div", "chart-box");
    add_text(box, "p", "Misattribution: the plan has no calls (calls.call_share = 0).");
  } else {
    chart_box(grid, misattribution_chart(result),
              "A call is misattributed when the most recent lease on its number before the call is another visitor's.");
  }
  chart_box(grid, cost_chart(result), "Each marker is a sweep point; the recommendation is the cheapest that meets every target.");
}

void render_points(xml_node page, const StudyResult& result) {
  const StudyDescription& study = result.description;
  xml_node card = add(page, "section", "card");
  add_text(card, "h2", "Every sweep point");
  add_text(card, "p", "Means with 95% intervals (Student t over replications); Erlang-B at the peak offered load.", "muted");
  xml_node table = add(add(card, "div", "table-wrap"), "table");
  xml_node head = add(table, "tr");
  for (const char* title : {"point", "trackable", "load (erl)", "overflow", "Erlang-B", "leased", "held",
                            "misattributed", "unattributed", "cost/month", "targets"})
    add_text(head, "th", title);
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    const PointDescription& point = study.points[i];
    xml_node row = add(table, "tr", result.recommendation.point == i ? "recommended" : "");
    add_text(row, "td", knobs_text(point));
    add_text(row, "td", fmt::format("{}", point.trackable_numbers), "num");
    add_text(row, "td", decimal(point.peak_offered_load_erlangs, 2), "num");
    add_text(row, "td", interval(metric(result, i, "overflow_rate"), true), "num");
    add_text(row, "td", percent(point.erlang_b_overflow), "num");
    add_text(row, "td", interval(metric(result, i, "leased_mean"), false), "num");
    add_text(row, "td", interval(metric(result, i, "held_mean"), false), "num");
    add_text(row, "td", interval(metric(result, i, "misattributed_share"), true), "num");
    add_text(row, "td", percent(metric(result, i, "unattributed_share").mean), "num");
    add_text(row, "td", money(metric(result, i, "cost_per_month").mean, study.currency), "num");
    const bool met = result.points[i].meets_targets;
    add_text(row, "td", met ? "✓ met" : "✗ missed", met ? "met" : "unmet");
  }
}


std::string render_simulation_html_impl(const StudyResult& result) {
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

}  // namespace simulation_page

std::string render_simulation_html(const sim::plan::StudyResult& result) {
  return simulation_page::render_simulation_html_impl(result);
}

}  // namespace ringpool::reports
