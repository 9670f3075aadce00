#include "reports/simulation_charts.hpp"

#include "reports/simulation_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ringpool::reports::simulation_charts {

namespace {

using namespace ringpool::sim::plan;
using simulation_text::featured_point;
using simulation_text::knobs;
using simulation_text::percent;

using Groups = std::vector<std::pair<std::string, std::vector<std::size_t>>>;

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
Groups groups_for(const StudyDescription& study, const std::optional<std::string>& x) {
  std::optional<std::string> other;
  if (!study.paired)
    for (const std::string& name : study.knob_names)
      if (!x || name != *x) other = name;
  Groups groups;
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

svg::Point with_interval(double x, const Summary& summary) {
  svg::Point marker(x, summary.mean);
  if (summary.ci95_low) {
    marker.y_low = *summary.ci95_low;
    marker.y_high = *summary.ci95_high;
  }
  return marker;
}

// The Erlang-B curve of one group: at every pool size between the swept ones when the group
// sweeps max_pool_size at one load, else one marker per point.
svg::Series erlang_b_series(const StudyDescription& study, const std::optional<std::string>& x, const std::string& label,
                            const std::vector<std::size_t>& points) {
  svg::Series erlang(label.empty() ? "Erlang-B" : fmt::format("Erlang-B, {}", label), svg::SeriesKind::Line);
  erlang.dashed = true;
  const PointDescription& first = study.points[points.front()];
  const std::int64_t offset = first.max_pool_size - first.trackable_numbers;
  const bool one_load = std::all_of(points.begin(), points.end(), [&](std::size_t p) {
    return study.points[p].peak_offered_load_erlangs == first.peak_offered_load_erlangs &&
           study.points[p].max_pool_size - study.points[p].trackable_numbers == offset;
  });
  if (x && *x == "max_pool_size" && one_load && points.size() > 1) {
    std::int64_t from = first.max_pool_size, to = first.max_pool_size;
    for (std::size_t point : points) {
      from = std::min(from, study.points[point].max_pool_size);
      to = std::max(to, study.points[point].max_pool_size);
    }
    const std::int64_t step = std::max<std::int64_t>(1, (to - from) / 400);
    for (std::int64_t size = from; size <= to; size += step)
      erlang.points.emplace_back(static_cast<double>(size), erlang_b(size - offset, first.peak_offered_load_erlangs));
    return erlang;
  }
  erlang.kind = svg::SeriesKind::Scatter;
  erlang.dashed = false;
  for (std::size_t point : points) erlang.points.emplace_back(x_value(study, point, x), study.points[point].erlang_b_overflow);
  return erlang;
}

// Overflow spanning decades (the Erlang-B check) reads better on log axes.
void choose_overflow_scales(const StudyDescription& study, const std::optional<std::string>& x, svg::Chart& chart) {
  double low = 1, high = 0, simulated_low = 1;
  for (const svg::Series& series : chart.series)
    for (const svg::Point& point : series.points) {
      if (point.y > 0) low = std::min(low, point.y);
      high = std::max(high, point.y);
      if (point.y > 0 && !series.name.starts_with("Erlang-B")) simulated_low = std::min(simulated_low, point.y);
    }
  if (high > 0 && high / low > 50) {
    chart.y.scale = svg::Scale::Log;
    chart.y.include_zero = false;
    // The textbook curve falls to 1e-15 and below at large pools; what matters ends well above.
    chart.y.min = std::max(std::min(simulated_low, high) / 10, 1e-6);
  }
  double x_low = 0, x_high = 0;
  for (std::size_t point = 0; point < study.points.size(); ++point) {
    const double value = x_value(study, point, x);
    x_low = point == 0 ? value : std::min(x_low, value);
    x_high = point == 0 ? value : std::max(x_high, value);
  }
  if (x_low > 0 && x_high / x_low > 50) chart.x.scale = svg::Scale::Log;
}

}  // namespace

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
  const Groups groups = groups_for(study, x);
  std::vector<std::vector<svg::Point>> curves_drawn;  // a curve the other knob does not change is drawn once
  for (const auto& [label, points] : groups) {
    svg::Series simulated(label.empty() ? "simulated (95% interval)" : fmt::format("simulated, {}", label),
                          svg::SeriesKind::Scatter);
    for (std::size_t point : points)
      simulated.points.push_back(with_interval(x_value(study, point, x), result.points[point].metrics[overflow]));
    svg::Series erlang = erlang_b_series(study, x, label, points);
    const bool repeated = std::any_of(curves_drawn.begin(), curves_drawn.end(), [&](const std::vector<svg::Point>& drawn) {
      return std::equal(drawn.begin(), drawn.end(), erlang.points.begin(), erlang.points.end(),
                        [](const svg::Point& a, const svg::Point& b) { return a.x == b.x && a.y == b.y; });
    });
    // The textbook first, so the simulated markers are drawn over it.
    if (!repeated) {
      curves_drawn.push_back(erlang.points);
      chart.series.push_back(std::move(erlang));
    }
    chart.series.push_back(std::move(simulated));
  }
  if (curves_drawn.size() == 1 && groups.size() > 1)
    for (svg::Series& series : chart.series)
      if (series.name.starts_with("Erlang-B")) series.name = "Erlang-B";
  choose_overflow_scales(study, x, chart);
  if (study.targets.overflow_rate_max)
    chart.guides.emplace_back(svg::Guide::Direction::Horizontal, *study.targets.overflow_rate_max,
                              fmt::format("target {}", percent(*study.targets.overflow_rate_max)));
  if (result.recommendation.point) {
    const std::size_t point = *result.recommendation.point;
    chart.marks.emplace_back(x_value(study, point, x), result.points[point].metrics[overflow].mean, "recommended");
  }
  return chart;
}

svg::Chart held_chart(const StudyResult& result) {
  const StudyDescription& study = result.description;
  const std::size_t point = featured_point(result);
  const PointResult& measured = result.points[point];
  svg::Chart chart;
  chart.id = "held";
  chart.title = result.recommendation.point ? "Numbers over time, recommended point" : "Numbers over time, first point";
  chart.x = svg::Axis("Time since the horizon's start", "days");
  chart.y = svg::Axis("Numbers held or leased", "numbers");
  chart.y.include_zero = true;
  const double bucket_days = static_cast<double>(study.bucket) / 86'400'000.0;
  const double length_days = static_cast<double>(study.length) / 86'400'000.0;
  const auto step_series = [&](std::string name, const std::vector<double>& values, const char* colour) {
    svg::Series series(std::move(name), svg::SeriesKind::Step);
    series.colour = colour;
    for (std::size_t i = 0; i < values.size(); ++i) series.points.emplace_back(static_cast<double>(i) * bucket_days, values[i]);
    if (!values.empty()) series.points.emplace_back(length_days, values.back());
    return series;
  };
  // Peaks first, means over them: sizing depends on the peaks, the means show the level.
  chart.series = {step_series("held, peak in the bucket", measured.held_peak_series, "#56B4E9"),
                  step_series("leased, peak in the bucket", measured.leased_peak_series, "#E69F00"),
                  step_series("held, mean", measured.held_series, "#0072B2"),
                  step_series("leased, mean", measured.leased_series, "#D55E00")};
  const PointDescription& description = study.points[point];
  chart.guides.emplace_back(svg::Guide::Direction::Horizontal, static_cast<double>(description.max_pool_size),
                            fmt::format("max_pool_size {}", description.max_pool_size));
  chart.guides.emplace_back(svg::Guide::Direction::Horizontal, description.littles_law_leased,
                            fmt::format("mean rate x lease = {:.1f}", description.littles_law_leased));
  if (study.warm_up > 0)
    chart.guides.emplace_back(svg::Guide::Direction::Vertical, static_cast<double>(study.warm_up) / 86'400'000.0,
                              "end of warm-up");
  return chart;
}

namespace {

// At most six curves: evenly spread over the other knob, always with the recommended one's.
Groups at_most_six(Groups groups, const std::optional<std::size_t>& recommended) {
  constexpr std::size_t kMaxCurves = 6;
  if (groups.size() <= kMaxCurves) return groups;
  std::vector<bool> chosen(groups.size(), false);
  for (std::size_t k = 0; k + 1 < kMaxCurves; ++k)
    chosen[static_cast<std::size_t>(std::llround(static_cast<double>(k) * static_cast<double>(groups.size() - 1) /
                                                 static_cast<double>(kMaxCurves - 2)))] = true;
  for (std::size_t k = 0; k < groups.size(); ++k)
    if (recommended && std::find(groups[k].second.begin(), groups[k].second.end(), *recommended) != groups[k].second.end())
      chosen[k] = true;
  Groups kept;
  for (std::size_t k = 0; k < groups.size(); ++k)
    if (chosen[k]) kept.push_back(groups[k]);
  return kept;
}

}  // namespace

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
  const Groups groups = at_most_six(groups_for(study, x), result.recommendation.point);
  const bool show_unattributed = groups.size() <= 2;
  const double x_scale = minutes ? 60.0 : 1.0;
  for (const auto& [label, points] : groups) {
    svg::Series wrong(label.empty() ? "misattributed" : fmt::format("misattributed, {}", label), svg::SeriesKind::Line);
    wrong.show_markers = true;
    svg::Series nobody(label.empty() ? "unattributed" : fmt::format("unattributed, {}", label), svg::SeriesKind::Line);
    nobody.dashed = true;
    for (std::size_t point : points) {
      const double xv = x_value(study, point, x) / x_scale;
      wrong.points.push_back(with_interval(xv, result.points[point].metrics[misattributed]));
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
    chart.marks.emplace_back(x_value(study, point, x) / x_scale, result.points[point].metrics[misattributed].mean,
                             "recommended");
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
  svg::Series meets(study.has_targets() ? "meets every target" : "sweep points", svg::SeriesKind::Scatter);
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
                             fmt::format("recommended: {}", knobs(study.points[point])));
  }
  return chart;
}

}  // namespace ringpool::reports::simulation_charts
