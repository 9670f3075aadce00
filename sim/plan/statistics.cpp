#include "sim/plan/statistics.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace ringpool::sim::plan {

namespace {

// In double throughout: Boost.Math promotes to long double by default, which is slower and, where
// long double is emulated (valgrind), overflows inside erfc_inv.
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

Summary clipped(Summary summary, double low, double high) {
  if (summary.ci95_low) summary.ci95_low = std::clamp(*summary.ci95_low, low, high);
  if (summary.ci95_high) summary.ci95_high = std::clamp(*summary.ci95_high, low, high);
  return summary;
}

}  // namespace

std::string_view method_name(IntervalMethod method) {
  switch (method) {
    case IntervalMethod::StudentT: return "student-t";
    case IntervalMethod::Wilson: return "wilson";
    case IntervalMethod::None: break;
  }
  return "none";
}

double student_t_975(std::int64_t degrees_of_freedom) {
  const boost::math::students_t_distribution<double, DoublePolicy> distribution(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(distribution, 0.975);
}

std::pair<double, double> wilson_interval(std::int64_t successes, std::int64_t trials) {
  const double z = boost::math::quantile(boost::math::normal_distribution<double, DoublePolicy>(), 0.975);
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double denominator = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denominator;
  const double half_width = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator;
  return {std::max(0.0, centre - half_width), std::min(1.0, centre + half_width)};
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
  summary.method = IntervalMethod::StudentT;
  return summary;
}

Summary summarize_amount(const std::vector<double>& values) {
  return clipped(summarize(values), 0.0, std::numeric_limits<double>::infinity());
}

Summary summarize_rate(const std::vector<double>& values, std::int64_t part_total, std::int64_t whole_total) {
  Summary summary = clipped(summarize(values), 0.0, 1.0);
  const bool no_spread = !summary.stderr_value || *summary.stderr_value == 0;
  if (no_spread && whole_total > 0) {
    const auto [low, high] = wilson_interval(part_total, whole_total);
    summary.ci95_low = low;
    summary.ci95_high = high;
    summary.method = IntervalMethod::Wilson;
  }
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
