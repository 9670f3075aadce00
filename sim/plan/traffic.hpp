// Visit arrivals (issue 9's traffic models): a Poisson process whose rate is piecewise constant
// (a base rate times hour-of-day and day-of-week multipliers times any active bursts), or a
// replayed list of visit times. Arrivals in a segment of constant rate are exponential gaps; at a
// segment's end the draw restarts (memorylessness), so non-homogeneous traffic is exact.
#pragma once

#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/plan/plan.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

namespace ringpool::sim::plan {

inline constexpr Instant kNoMoreVisits = std::numeric_limits<Instant>::max();

class RateFunction {
 public:
  RateFunction(const Traffic& traffic, double base_visits_per_second);

  struct Segment {
    double visits_per_second;
    Instant end;  // the next instant the rate may change (> t); kNoMoreVisits if never
  };
  // The rate at `t` and until when it holds.
  Segment at(Instant t) const;
  // Mean and peak rate over [from, to), per second.
  double mean_rate(Instant from, Instant to) const;
  double peak_rate(Instant from, Instant to) const;

 private:
  const Traffic& traffic_;
  double base_;
  bool homogeneous_;
};

class VisitSource {
 public:
  // `start` is the horizon's start; visits come from the generator `rng` (or the replay list).
  VisitSource(const Traffic& traffic, double base_visits_per_second, Instant start, Rng rng);

  // The next visit's time (non-decreasing), or kNoMoreVisits.
  Instant next();

 private:
  RateFunction rates_;
  Rng rng_;
  Instant start_;
  double elapsed_ms_ = 0;  // since start_, continuous
  RateFunction::Segment segment_{0, 0};
  const std::vector<Instant>* replay_ = nullptr;
  std::size_t replay_index_ = 0;
};

// Exponential with the given mean, from one raw draw: 53 random bits as u in (0, 1], -mean ln u.
// (std::log of a value in (0, 1] is several times cheaper than log1p, and this is the hot path.)
inline double exponential(Rng& rng, double mean) {
  const double u = static_cast<double>((rng.next_u64() >> 11) + 1) * 0x1.0p-53;
  return -mean * std::log(u);
}

}  // namespace ringpool::sim::plan
