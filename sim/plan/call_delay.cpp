#include "sim/plan/call_delay.hpp"

#include "sim/plan/traffic.hpp"

#include <cmath>
#include <numbers>

namespace ringpool::sim::plan {

double CallDelay::standard_normal() {
  // Box-Muller from two raw uniforms; 1 - u keeps the logarithm's argument in (0, 1].
  const double radius = std::sqrt(-2.0 * std::log1p(-rng_.unit()));
  return radius * std::cos(2.0 * std::numbers::pi * rng_.unit());
}

Duration CallDelay::draw() {
  double seconds_value;
  if (calls_.tail_share > 0 && rng_.chance(calls_.tail_share)) {
    seconds_value = exponential(rng_, calls_.tail_mean_delay_seconds);
  } else {
    switch (calls_.delay) {
      case DelayModel::Exponential: seconds_value = exponential(rng_, calls_.mean_delay_seconds); break;
      case DelayModel::LogNormal:
        seconds_value = calls_.median_delay_seconds * std::exp(calls_.sigma * standard_normal());
        break;
      case DelayModel::Empirical:
      default:
        seconds_value = calls_.empirical_delays_seconds[rng_.below(calls_.empirical_delays_seconds.size())];
        break;
    }
  }
  // Cap at 100 years so that the sum with an instant never overflows.
  return static_cast<Duration>(std::llround(std::min(seconds_value, 3.1536e9) * 1000.0));
}

}  // namespace ringpool::sim::plan
