// analyse(): per point, every metric's mean and clipped 95 % interval, the mean and peak time
// series, and each target checked at the upper bound and at the mean; then recommend(): the
// cheapest point meeting every target, and why each cheaper point does not.
#include "sim/plan/study.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace ringpool::sim::plan {

namespace {

std::string percent(double fraction) {
  const double value = fraction * 100;
  if (value != 0 && std::abs(value) < 0.01) return fmt::format("{:.4f}%", value);
  return fmt::format("{:.2f}%", value);
}

std::string_view label_of(const std::string& target) {
  for (const TargetDefinition& definition : target_definitions())
    if (definition.key == target) return definition.label;
  return target;
}

std::vector<double> mean_of(const std::vector<const RunMetrics*>& runs, std::vector<double> RunMetrics::*series) {
  if (runs.empty()) return {};
  std::vector<double> out(((*runs.front()).*series).size(), 0.0);
  for (const RunMetrics* run : runs)
    for (std::size_t i = 0; i < out.size() && i < (run->*series).size(); ++i) out[i] += (run->*series)[i];
  for (double& value : out) value /= static_cast<double>(runs.size());
  return out;
}

std::vector<double> max_of(const std::vector<const RunMetrics*>& runs, std::vector<double> RunMetrics::*series) {
  if (runs.empty()) return {};
  std::vector<double> out(((*runs.front()).*series).size(), 0.0);
  for (const RunMetrics* run : runs)
    for (std::size_t i = 0; i < out.size() && i < (run->*series).size(); ++i) out[i] = std::max(out[i], (run->*series)[i]);
  return out;
}

Summary summarise_metric(const MetricDefinition& definition, const std::vector<const RunMetrics*>& runs, double price) {
  std::vector<double> values;
  std::int64_t part = 0, whole = 0;
  for (const RunMetrics* run : runs) {
    values.push_back(definition.value(*run, price));
    if (definition.kind == MetricKind::Rate) {
      part += definition.part(*run);
      whole += definition.whole(*run);
    }
  }
  return definition.kind == MetricKind::Rate ? summarize_rate(values, part, whole) : summarize_amount(values);
}

std::string check_text(const TargetCheck& check) {
  return fmt::format("{} {} {} {} at the upper bound (mean {})", label_of(check.target), percent(check.upper),
                     check.met ? "<=" : ">", percent(check.limit), percent(check.mean));
}

// Which target binds and by how much: every target missed, or the closest one met.
std::string verdict_of(const std::vector<TargetCheck>& checks) {
  if (checks.empty()) return {};
  std::vector<std::string> misses;
  for (const TargetCheck& check : checks) {
    if (check.met) continue;
    std::string text = fmt::format("misses {}", check_text(check));
    if (check.straddles()) text += ", the interval straddles the limit";
    misses.push_back(std::move(text));
  }
  if (!misses.empty()) return fmt::format("{}", fmt::join(misses, "; "));
  const auto closest = std::max_element(checks.begin(), checks.end(), [](const TargetCheck& a, const TargetCheck& b) {
    return a.upper / a.limit < b.upper / b.limit;
  });
  return fmt::format("meets every target; the closest is {}", check_text(*closest));
}

PointResult summarise_point(const StudyDescription& description, const std::vector<const RunMetrics*>& runs) {
  PointResult result;
  for (const MetricDefinition& definition : metric_definitions())
    result.metrics.push_back(summarise_metric(definition, runs, description.cost_per_number_per_month));
  result.held_series = mean_of(runs, &RunMetrics::held_series);
  result.leased_series = mean_of(runs, &RunMetrics::leased_series);
  result.held_peak_series = max_of(runs, &RunMetrics::held_peak_series);
  result.leased_peak_series = max_of(runs, &RunMetrics::leased_peak_series);
  for (const TargetDefinition& target : target_definitions()) {
    const std::optional<double>& limit = description.targets.*target.limit;
    if (!limit) continue;
    const Summary& summary = result.metrics[metric_index(target.metric)];
    TargetCheck check;
    check.target = target.key;
    check.metric = target.metric;
    check.limit = *limit;
    check.mean = summary.mean;
    check.low = summary.lower();
    check.upper = summary.upper();
    check.met = check.upper <= check.limit;
    check.met_at_mean = check.mean <= check.limit;
    result.meets_targets = result.meets_targets && check.met;
    result.targets.push_back(check);
  }
  result.verdict = verdict_of(result.targets);
  return result;
}

}  // namespace

StudyResult analyse(StudyDescription description, std::vector<RunRecord> runs) {
  StudyResult result;
  std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.point != b.point ? a.point < b.point : a.replication < b.replication;
  });
  std::size_t cursor = 0;
  for (std::size_t point = 0; point < description.points.size(); ++point) {
    std::vector<const RunMetrics*> point_runs;
    for (; cursor < runs.size() && runs[cursor].point == point; ++cursor) point_runs.push_back(&runs[cursor].metrics);
    result.points.push_back(summarise_point(description, point_runs));
  }
  result.recommendation = recommend(description, result.points);
  result.description = std::move(description);
  result.runs = std::move(runs);
  return result;
}

}  // namespace ringpool::sim::plan
