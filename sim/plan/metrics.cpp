#include "sim/plan/metrics.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace ringpool::sim::plan {

namespace {

using M = RunMetrics;

MetricDefinition amount_metric(std::string_view name, std::string_view meaning, double (*value)(const M&, double)) {
  return MetricDefinition{name, meaning, MetricKind::Amount, value, nullptr, nullptr};
}
MetricDefinition rate_metric(std::string_view name, std::string_view meaning, std::int64_t (*part)(const M&),
                      std::int64_t (*whole)(const M&)) {
  return MetricDefinition{name, meaning, MetricKind::Rate, nullptr, part, whole};
}

std::int64_t visits_of(const M& r) { return r.visits; }
std::int64_t calls_of(const M& r) { return r.calls; }

}  // namespace

double MetricDefinition::value(const RunMetrics& run, double price) const {
  if (kind == MetricKind::Amount) return amount(run, price);
  const std::int64_t denominator = whole(run);
  return denominator == 0 ? 0.0 : static_cast<double>(part(run)) / static_cast<double>(denominator);
}

const std::vector<MetricDefinition>& metric_definitions() {
  static const std::vector<MetricDefinition> definitions = {
      amount_metric("visits", "visits in the measured window", [](const M& r, double) { return static_cast<double>(r.visits); }),
      rate_metric("overflow_rate", "share of visits answered with the overflow number",
           [](const M& r) { return r.overflow_answers; }, visits_of),
      rate_metric("overflow_rate_busiest_hour",
           "share of visits answered with the overflow number in the busiest clock hour (most visits) of the window",
           [](const M& r) { return r.busiest_hour_overflow_answers; }, [](const M& r) { return r.busiest_hour_visits; }),
      rate_metric("no_number_rate", "share of visits answered NoNumberAvailable (overflow off)",
           [](const M& r) { return r.no_number_answers; }, visits_of),
      amount_metric("held_mean", "numbers held, time average (overflow number included)", [](const M& r, double) { return r.held_mean; }),
      amount_metric("held_peak", "numbers held, the most at any instant of the window",
             [](const M& r, double) { return static_cast<double>(r.held_peak); }),
      amount_metric("leased_mean", "numbers under an active lease, time average", [](const M& r, double) { return r.leased_mean; }),
      amount_metric("leased_peak", "numbers under an active lease, the most at any instant of the window",
             [](const M& r, double) { return static_cast<double>(r.leased_peak); }),
      amount_metric("number_months", "numbers held x months over the measured window", [](const M& r, double) { return r.number_months; }),
      amount_metric("cost", "number_months x cost per number per month", [](const M& r, double price) { return r.number_months * price; }),
      amount_metric("cost_per_month", "held_mean x cost per number per month", [](const M& r, double price) { return r.held_mean * price; }),
      amount_metric("growth_steps", "times autoscaling grew the pool in the window",
             [](const M& r, double) { return static_cast<double>(r.growth_steps); }),
      amount_metric("shrink_steps", "times the pool shrank in the window",
             [](const M& r, double) { return static_cast<double>(r.shrink_steps); }),
      amount_metric("calls", "calls in the measured window", [](const M& r, double) { return static_cast<double>(r.calls); }),
      rate_metric("attributed_share", "share of calls attributed to the caller's own visit", [](const M& r) { return r.calls_attributed; },
           calls_of),
      rate_metric("misattributed_share", "share of calls attributed to another visitor", [](const M& r) { return r.calls_misattributed; },
           calls_of),
      rate_metric("unattributed_share", "share of calls attributed to nobody (overflow, window, no number)",
           [](const M& r) { return r.calls_unattributed_overflow + r.calls_unattributed_window + r.calls_unattributed_no_number; },
           calls_of),
      rate_metric("unattributed_overflow_share", "share of calls to the overflow number",
           [](const M& r) { return r.calls_unattributed_overflow; }, calls_of),
      rate_metric("unattributed_window_share", "share of calls later than the attribution window after the lease ended",
           [](const M& r) { return r.calls_unattributed_window; }, calls_of),
      rate_metric("unattributed_no_number_share", "share of calls from visitors who got no number",
           [](const M& r) { return r.calls_unattributed_no_number; }, calls_of),
  };
  return definitions;
}

std::size_t metric_index(std::string_view name) {
  const auto& definitions = metric_definitions();
  for (std::size_t i = 0; i < definitions.size(); ++i)
    if (definitions[i].name == name) return i;
  throw std::out_of_range(fmt::format("metric_index: unknown metric '{}'", name));
}

const std::vector<TargetDefinition>& target_definitions() {
  static const std::vector<TargetDefinition> definitions = {
      {"overflow_rate_max", "overflow_rate", "overflow", &Targets::overflow_rate_max},
      {"overflow_rate_busiest_hour_max", "overflow_rate_busiest_hour", "overflow in the busiest hour",
       &Targets::overflow_rate_busiest_hour_max},
      {"misattributed_share_max", "misattributed_share", "misattributed", &Targets::misattributed_share_max},
      {"unattributed_share_max", "unattributed_share", "unattributed", &Targets::unattributed_share_max},
      {"no_number_rate_max", "no_number_rate", "no number", &Targets::no_number_rate_max},
  };
  return definitions;
}

}  // namespace ringpool::sim::plan
