// The metrics a study summarises per sweep point (mean and 95 % interval over replications), and
// the targets a plan may set on them: one table each, which the analysis, the plan reader and
// every report walk, so a metric or target is added in one place.
#pragma once

#include "sim/plan/plan.hpp"
#include "sim/plan/run_metrics.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace ringpool::sim::plan {

enum class MetricKind {
  Amount,  // a count or a quantity >= 0 (visits, numbers held, cost): Student t, clipped at 0
  Rate,    // a share of visits or of calls, in [0, 1]: Student t clipped to [0, 1], or Wilson
};

struct MetricDefinition {
  std::string_view name;
  std::string_view meaning;
  MetricKind kind = MetricKind::Amount;
  // Amounts: the run's value (price: the plan's cost per number per month).
  double (*amount)(const RunMetrics& run, double price) = nullptr;
  // Rates: the run's part and whole (the value is part / whole, 0 when whole is 0). Wilson's
  // interval pools them over replications when the replications cannot give a Student t one.
  std::int64_t (*part)(const RunMetrics& run) = nullptr;
  std::int64_t (*whole)(const RunMetrics& run) = nullptr;

  double value(const RunMetrics& run, double price) const;
};

// Every summarised metric, in report order.
const std::vector<MetricDefinition>& metric_definitions();
// Index of `name` in metric_definitions(); throws std::out_of_range for an unknown name.
std::size_t metric_index(std::string_view name);

struct TargetDefinition {
  std::string_view key;     // in [targets]: "overflow_rate_max"
  std::string_view metric;  // the metric it bounds: "overflow_rate"
  std::string_view label;   // for people: "overflow"
  std::optional<double> Targets::*limit;
};
// Every target a plan may set, in report order.
const std::vector<TargetDefinition>& target_definitions();

}  // namespace ringpool::sim::plan
