#include "sim/plan/run_metrics.hpp"

namespace ringpool::sim::plan {

const std::vector<RunField>& run_fields() {
  using M = RunMetrics;
  static const std::vector<RunField> fields = {
      {"visits", &M::visits},
      {"overflow_answers", &M::overflow_answers},
      {"no_number_answers", &M::no_number_answers},
      {"held_mean", &M::held_mean},
      {"held_peak", &M::held_peak},
      {"leased_mean", &M::leased_mean},
      {"leased_peak", &M::leased_peak},
      {"number_months", &M::number_months},
      {"growth_steps", &M::growth_steps},
      {"shrink_steps", &M::shrink_steps},
      {"busiest_hour_visits", &M::busiest_hour_visits},
      {"busiest_hour_overflow_answers", &M::busiest_hour_overflow_answers},
      {"calls", &M::calls},
      {"calls_attributed", &M::calls_attributed},
      {"calls_misattributed", &M::calls_misattributed},
      {"calls_unattributed_overflow", &M::calls_unattributed_overflow},
      {"calls_unattributed_window", &M::calls_unattributed_window},
      {"calls_unattributed_no_number", &M::calls_unattributed_no_number},
  };
  return fields;
}

const std::vector<RunSeriesField>& run_series_fields() {
  using M = RunMetrics;
  static const std::vector<RunSeriesField> fields = {
      {"held_series", &M::held_series},
      {"leased_series", &M::leased_series},
      {"held_peak_series", &M::held_peak_series},
      {"leased_peak_series", &M::leased_peak_series},
  };
  return fields;
}

}  // namespace ringpool::sim::plan
