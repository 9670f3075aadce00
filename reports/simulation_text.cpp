#include "reports/simulation_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace ringpool::reports::simulation_text {

using namespace ringpool::sim::plan;

std::string percent(double fraction) {
  const double value = fraction * 100;
  if (value == 0) return "0%";
  if (std::abs(value) < 0.01) return fmt::format("{:.4f}%", value);
  return fmt::format("{:.2f}%", value);
}

std::string amount(double value) {
  const bool whole = std::abs(value - std::round(value)) < 1e-9;
  std::string digits = whole ? fmt::format("{:.0f}", std::abs(value)) : fmt::format("{:.1f}", std::abs(value));
  const std::size_t point = digits.find('.');
  std::string integer = digits.substr(0, point);
  const std::string fraction = point == std::string::npos ? "" : digits.substr(point);
  for (std::size_t i = integer.size(); i > 3; i -= 3) integer.insert(i - 3, ",");
  return (value < 0 && digits != "0" ? "-" : "") + integer + fraction;
}

std::string money(double value, std::string_view currency) { return fmt::format("{:.2f} {}", value, currency); }

std::string interval(const Summary& summary, bool as_percent) {
  const auto show = [&](double v) { return as_percent ? percent(v) : fmt::format("{:.1f}", v); };
  if (!summary.ci95_low) return show(summary.mean);
  return fmt::format("{} ({} – {})", show(summary.mean), show(*summary.ci95_low), show(*summary.ci95_high));
}

std::string count_of(std::int64_t count, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

std::string duration(sim::Duration duration_ms) {
  const double seconds = static_cast<double>(duration_ms) / 1000.0;
  if (seconds >= 86400 && std::fmod(seconds, 3600) == 0) return fmt::format("{:g} days", seconds / 86400);
  if (seconds >= 3600 && std::fmod(seconds, 60) == 0) return fmt::format("{:g} hours", seconds / 3600);
  return fmt::format("{:g} s", seconds);
}

std::string knobs(const PointDescription& point) {
  std::string out;
  for (const auto& [name, value] : point.knobs) out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", name, value.text());
  return out.empty() ? std::string("the plan as written") : out;
}

std::string knobs_compact(const PointDescription& point) {
  std::string out;
  for (const auto& [name, value] : point.knobs) out += fmt::format("{}{}={}", out.empty() ? "" : " ", name, value.text());
  return out.empty() ? std::string("(as written)") : out;
}

const Summary& metric(const StudyResult& result, std::size_t point, std::string_view name) {
  return result.points[point].metrics[metric_index(name)];
}

std::int64_t highest(const StudyResult& result, std::size_t point, std::int64_t RunMetrics::*field) {
  std::int64_t out = 0;
  for (const RunRecord& run : result.runs)
    if (run.point == point) out = std::max(out, run.metrics.*field);
  return out;
}

std::size_t featured_point(const StudyResult& result) { return result.recommendation.point.value_or(0); }

std::vector<std::string> erlang_b_departures(const StudyResult& result, std::size_t point) {
  std::vector<std::string> departures = result.description.points[point].erlang_b_caveats;
  const double growth = metric(result, point, "growth_steps").mean;
  const double shrink = metric(result, point, "shrink_steps").mean;
  if (growth > 0 || shrink > 0)
    departures.push_back(fmt::format("in the measured window the pool grew {} and shrank {} (mean over replications)",
                                     growth == 1 ? std::string("once") : fmt::format("{:.1f} times", growth),
                                     shrink == 1 ? std::string("once") : fmt::format("{:.1f} times", shrink)));
  return departures;
}

std::string holding_time(const StudyResult& result, std::size_t point) {
  const PointDescription& description = result.description.points[point];
  std::string text = fmt::format("{} s", description.holding_seconds);
  if (description.holding_seconds == description.lifetime_seconds) return text + ", the lifetime";
  text += fmt::format(" = lifetime {} s", description.lifetime_seconds);
  if (description.lease_grace_seconds > 0) text += fmt::format(" + lease grace {} s", description.lease_grace_seconds);
  if (description.reuse_quarantine_seconds > 0) text += fmt::format(" + quarantine {} s", description.reuse_quarantine_seconds);
  return text;
}

namespace {

// The points that differ from `point` in max_pool_size alone.
std::vector<std::size_t> pool_size_neighbours(const StudyDescription& study, std::size_t point) {
  std::vector<std::size_t> out;
  const auto others = [](const PointDescription& p) {
    std::vector<std::pair<std::string, KnobValue>> knobs;
    for (const auto& knob : p.knobs)
      if (knob.first != "max_pool_size") knobs.push_back(knob);
    return knobs;
  };
  for (std::size_t i = 0; i < study.points.size(); ++i)
    if (i != point && others(study.points[i]) == others(study.points[point])) out.push_back(i);
  return out;
}

}  // namespace

std::string rule_of_thumb_gap(const StudyResult& result, std::size_t point) {
  const StudyDescription& study = result.description;
  const PointDescription& chosen = study.points[point];
  const double rule = chosen.rule_of_thumb_numbers;
  const auto trackable = static_cast<double>(chosen.trackable_numbers);
  if (!result.recommendation.point) return {};
  if (rule >= trackable)
    return fmt::format("The rule of thumb's {} numbers are {} more than the recommended pool's {} trackable numbers.",
                       amount(std::round(rule * 10) / 10), amount(std::round((rule - trackable) * 10) / 10), chosen.trackable_numbers);
  std::optional<std::size_t> below;
  for (std::size_t i : pool_size_neighbours(study, point))
    if (study.points[i].trackable_numbers < chosen.trackable_numbers && !result.points[i].meets_targets &&
        (!below || study.points[i].trackable_numbers > study.points[*below].trackable_numbers))
      below = i;
  if (!below)
    return fmt::format("The rule of thumb's {} numbers are fewer than the recommended pool's {} trackable numbers; the sweep "
                       "has no smaller pool at these settings to tell by how much it falls short.",
                       amount(std::round(rule * 10) / 10), chosen.trackable_numbers);
  const std::int64_t miss = study.points[*below].trackable_numbers;
  if (rule <= static_cast<double>(miss))
    return fmt::format("The rule of thumb under-sizes the pool: its {} numbers are no more than the {} trackable numbers "
                       "of max_pool_size {}, which already {}; it is short by {} to {} numbers (the sweep's step).",
                       amount(std::round(rule * 10) / 10), miss, study.points[*below].max_pool_size,
                       result.points[*below].verdict, amount(std::floor(static_cast<double>(miss) + 1 - rule)),
                       amount(std::ceil(trackable - rule)));
  return fmt::format("The rule of thumb's {} numbers lie between two swept pools: {} trackable numbers miss a target and {} "
                     "meet every one; sweep max_pool_size more finely between {} and {} to tell whether it is enough.",
                     amount(std::round(rule * 10) / 10), miss, chosen.trackable_numbers, study.points[*below].max_pool_size,
                     chosen.max_pool_size);
}

std::string stability(const StudyResult& result) {
  if (result.stability.empty()) return {};
  const std::optional<std::size_t> own = result.recommendation.point;
  std::size_t agreeing = 0;
  std::vector<std::uint64_t> seeds;
  std::string others;
  for (const SeedOutcome& outcome : result.stability) {
    seeds.push_back(outcome.seed);
    if (outcome.point == own) {
      ++agreeing;
      continue;
    }
    others += fmt::format("; seed {} picks {}", outcome.seed,
                          outcome.point ? knobs(result.description.points[*outcome.point]) : std::string("no point"));
  }
  return fmt::format("Stability across seeds: the same recommendation with {} of {} seeds ({}){}.", agreeing,
                     result.stability.size(), fmt::join(seeds, ", "), others);
}

}  // namespace ringpool::reports::simulation_text
