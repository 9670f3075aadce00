// The statistics beside every simulated figure: mean, standard error and Student-t 95 % interval
// over replications, and the textbook cross-checks (Erlang-B with the stable recurrence, Little's
// law) that the report sets beside the simulation.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ringpool::sim::plan {

struct Summary {
  std::int64_t count = 0;  // replications
  double mean = 0;
  // Undefined with a single replication (no spread to estimate): nullopt.
  std::optional<double> stderr_value;
  std::optional<double> ci95_low;
  std::optional<double> ci95_high;

  // The interval's upper end, or the mean when there is no interval (one replication).
  double upper() const { return ci95_high.value_or(mean); }
};

// Mean, standard error (sample standard deviation / sqrt(n)) and mean -/+ t(0.975, n-1) x stderr.
// Sums run in the order given, so the same values give the same bits.
Summary summarize(const std::vector<double>& values);

// Student t quantile t(0.975, degrees) from Boost.Math.
double student_t_975(std::int64_t degrees_of_freedom);

// Erlang-B blocking probability for `servers` servers and `offered_erlangs` of Poisson load, by
// the stable recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)).
double erlang_b(std::int64_t servers, double offered_erlangs);

// The fewest servers whose Erlang-B blocking is at most `target` (> 0); capped at `max_servers`.
std::int64_t erlang_b_servers(double offered_erlangs, double target, std::int64_t max_servers = 1'000'000);

}  // namespace ringpool::sim::plan
