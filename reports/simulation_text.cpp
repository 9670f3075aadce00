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

// `point` and the points that differ from it in max_pool_size alone.
std::vector<std::size_t> pool_size_column(const StudyDescription& study, std::size_t point) {
  std::vector<std::size_t> out;
  const auto others = [](const PointDescription& p) {
    std::vector<std::pair<std::string, KnobValue>> knobs;
    for (const auto& knob : p.knobs)
      if (knob.first != "max_pool_size") knobs.push_back(knob);
    return knobs;
  };
  for (std::size_t i = 0; i < study.points.size(); ++i)
    if (others(study.points[i]) == others(study.points[point])) out.push_back(i);
  return out;
}

// The overflow targets decide what the rule of thumb is for (carrying the load); without one,
// every target does.
bool meets_overflow(const PointResult& point) {
  bool any = false, met = true;
  for (const TargetCheck& check : point.targets)
    if (check.metric.starts_with("overflow_rate")) {
      any = true;
      met = met && check.met;
    }
  return any ? met : point.meets_targets;
}

std::string numbers(double rule) { return amount(std::round(rule * 10) / 10); }

}  // namespace

std::string rule_of_thumb_gap(const StudyResult& result, std::size_t point) {
  if (!result.recommendation.point) return {};
  const StudyDescription& study = result.description;
  const double rule = study.points[point].rule_of_thumb_numbers;
  std::optional<std::size_t> smallest_ok, largest_bad;
  const auto trackable = [&](std::size_t i) { return study.points[i].trackable_numbers; };
  for (std::size_t i : pool_size_column(study, point))
    if (meets_overflow(result.points[i]) && (!smallest_ok || trackable(i) < trackable(*smallest_ok))) smallest_ok = i;
  if (!smallest_ok) return {};
  for (std::size_t i : pool_size_column(study, point))
    if (!meets_overflow(result.points[i]) && trackable(i) < trackable(*smallest_ok) &&
        (!largest_bad || trackable(i) > trackable(*largest_bad)))
      largest_bad = i;
  std::string text;
  if (rule >= static_cast<double>(trackable(*smallest_ok))) {
    text = fmt::format("The rule of thumb's {} numbers carry the load: the smallest swept pool meeting the overflow target "
                       "has {} trackable numbers (max_pool_size {}).",
                       numbers(rule), trackable(*smallest_ok), study.points[*smallest_ok].max_pool_size);
  } else if (!largest_bad) {
    text = fmt::format("The rule of thumb's {} numbers are fewer than the {} trackable numbers of the smallest swept pool "
                       "meeting the overflow target; the sweep has no smaller pool to tell by how much.",
                       numbers(rule), trackable(*smallest_ok));
  } else if (rule <= static_cast<double>(trackable(*largest_bad))) {
    text = fmt::format("The rule of thumb under-sizes the pool: its {} numbers are no more than the {} trackable numbers of "
                       "max_pool_size {}, which already {}; it is short by at least {}.",
                       numbers(rule), trackable(*largest_bad), study.points[*largest_bad].max_pool_size,
                       result.points[*largest_bad].verdict,
                       amount(std::floor(static_cast<double>(trackable(*largest_bad)) + 1 - rule)));
  } else {
    text = fmt::format("The rule of thumb's {} numbers lie between two swept pools: {} trackable numbers miss the overflow "
                       "target and {} meet it; sweep max_pool_size more finely between {} and {} to tell whether it is "
                       "enough.",
                       numbers(rule), trackable(*largest_bad), trackable(*smallest_ok),
                       study.points[*largest_bad].max_pool_size, study.points[*smallest_ok].max_pool_size);
  }
  if (trackable(point) > trackable(*smallest_ok))
    text += fmt::format(" The recommended pool is larger than overflow alone needs: max_pool_size {} {}.",
                        study.points[*smallest_ok].max_pool_size, result.points[*smallest_ok].verdict);
  return text;
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
