#include "sim/plan/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>

namespace ringpool::sim::plan {

double student_t_975(std::int64_t degrees_of_freedom) {
  // In double throughout: Boost.Math promotes to long double by default, which is slower and, where
  // long double is emulated (valgrind), overflows inside erfc_inv.
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  const boost::math::students_t_distribution<double, Policy> distribution(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(distribution, 0.975);
}

Summary summarize(const std::vector<double>& values) {
  Summary summary;
  summary.count = static_cast<std::int64_t>(values.size());
  if (values.empty()) return summary;
  double sum = 0;
  for (double value : values) sum += value;
  summary.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) return summary;
  double squares = 0;
  for (double value : values) squares += (value - summary.mean) * (value - summary.mean);
  const double n = static_cast<double>(values.size());
  const double standard_error = std::sqrt(squares / (n - 1) / n);
  const double half_width = student_t_975(summary.count - 1) * standard_error;
  summary.stderr_value = standard_error;
  summary.ci95_low = summary.mean - half_width;
  summary.ci95_high = summary.mean + half_width;
  return summary;
}

double erlang_b(std::int64_t servers, double offered_erlangs) {
  if (servers <= 0) return 1.0;
  if (offered_erlangs <= 0) return 0.0;
  double blocking = 1.0;
  for (std::int64_t k = 1; k <= servers; ++k)
    blocking = offered_erlangs * blocking / (static_cast<double>(k) + offered_erlangs * blocking);
  return blocking;
}

std::int64_t erlang_b_servers(double offered_erlangs, double target, std::int64_t max_servers) {
  if (offered_erlangs <= 0) return 0;
  double blocking = 1.0;
  for (std::int64_t k = 1; k <= max_servers; ++k) {
    blocking = offered_erlangs * blocking / (static_cast<double>(k) + offered_erlangs * blocking);
    if (blocking <= target) return k;
  }
  return max_servers;
}

}  // namespace ringpool::sim::plan
