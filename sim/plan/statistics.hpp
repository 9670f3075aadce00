// The statistics beside every simulated figure: mean, standard error and a 95 % interval over
// replications, clipped to what the quantity can be, with the method named; and the textbook
// cross-checks (Erlang-B by the stable recurrence) that the report sets beside the simulation.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::sim::plan {

enum class IntervalMethod {
  None,      // one replication and nothing to pool: no interval
  StudentT,  // mean -/+ t(0.975, n-1) x stderr over the replications, clipped to the quantity's range
  Wilson,    // Wilson's score interval on the counts pooled over the replications (a rate whose
             // replications all agree, or a single replication: Student t would claim no spread)
};
// "student-t", "wilson", "none": the names the reports use.
std::string_view method_name(IntervalMethod method);

struct Summary {
  std::int64_t count = 0;  // replications
  double mean = 0;
  // Undefined with a single replication (no spread to estimate): nullopt.
  std::optional<double> stderr_value;
  std::optional<double> ci95_low;
  std::optional<double> ci95_high;
  IntervalMethod method = IntervalMethod::None;

  // The interval's upper end, or the mean when there is no interval.
  double upper() const { return ci95_high.value_or(mean); }
  double lower() const { return ci95_low.value_or(mean); }
};

// Mean, standard error (sample standard deviation / sqrt(n)) and mean -/+ t(0.975, n-1) x stderr,
// unclipped. Sums run in the order given, so the same values give the same bits.
Summary summarize(const std::vector<double>& values);
// An amount that cannot be negative (numbers, visits, cost): Student t with the low end at 0 or above.
Summary summarize_amount(const std::vector<double>& values);
// A rate (`values` are each replication's part / whole): Student t clipped to [0, 1]; Wilson on
// the pooled counts when the replications show no spread (all equal, or only one).
Summary summarize_rate(const std::vector<double>& values, std::int64_t part_total, std::int64_t whole_total);

// Student t quantile t(0.975, degrees) from Boost.Math.
double student_t_975(std::int64_t degrees_of_freedom);
// Wilson's 95 % score interval for `successes` of `trials` (trials > 0), z from Boost.Math.
std::pair<double, double> wilson_interval(std::int64_t successes, std::int64_t trials);

// Erlang-B blocking probability for `servers` servers and `offered_erlangs` of Poisson load, by
// the stable recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)).
double erlang_b(std::int64_t servers, double offered_erlangs);

// The fewest servers whose Erlang-B blocking is at most `target` (> 0); capped at `max_servers`.
std::int64_t erlang_b_servers(double offered_erlangs, double target, std::int64_t max_servers = 1'000'000);

}  // namespace ringpool::sim::plan
