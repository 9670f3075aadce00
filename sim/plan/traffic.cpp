#include "sim/plan/traffic.hpp"

#include <algorithm>
#include <cmath>

namespace ringpool::sim::plan {

namespace {

constexpr Duration kHourMs = 3'600'000;
constexpr Duration kDayMs = 86'400'000;

Instant floor_div(Instant a, Duration b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

RateFunction::RateFunction(const Traffic& traffic, double base_visits_per_second)
    : traffic_(traffic), base_(base_visits_per_second), homogeneous_(traffic.homogeneous()) {}

RateFunction::Segment RateFunction::at(Instant t) const {
  if (homogeneous_) return {base_, kNoMoreVisits};
  const Duration offset = traffic_.utc_offset_minutes * 60'000;
  const Instant local = t + offset;
  const Instant hour_index = floor_div(local, kHourMs);
  const Instant day_index = floor_div(local, kDayMs);
  const auto hour = static_cast<std::size_t>(hour_index - day_index * 24);
  const auto weekday = static_cast<std::size_t>(((day_index + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  double rate = base_ * traffic_.hour_of_day[hour] * traffic_.day_of_week[weekday];
  Instant end = (hour_index + 1) * kHourMs - offset;
  for (const Burst& burst : traffic_.bursts) {
    if (t < burst.start) {
      end = std::min(end, burst.start);
      continue;
    }
    std::int64_t k = burst.repeat > 0 ? (t - burst.start) / burst.repeat : 0;
    k = std::min(k, burst.count - 1);
    const Instant begins = burst.start + k * burst.repeat;
    if (t < begins + burst.duration) {
      rate *= burst.multiplier;
      end = std::min(end, begins + burst.duration);
    } else if (burst.repeat > 0 && k + 1 < burst.count) {
      end = std::min(end, begins + burst.repeat);
    }
  }
  return {rate, end};
}

double RateFunction::mean_rate(Instant from, Instant to) const {
  if (to <= from) return 0;
  if (homogeneous_) return base_;
  double visits = 0;
  for (Instant t = from; t < to;) {
    const Segment segment = at(t);
    const Instant until = std::min(segment.end, to);
    visits += segment.visits_per_second * static_cast<double>(until - t) / 1000.0;
    t = until;
  }
  return visits / (static_cast<double>(to - from) / 1000.0);
}

double RateFunction::peak_rate(Instant from, Instant to) const {
  if (homogeneous_) return base_;
  double peak = 0;
  for (Instant t = from; t < to;) {
    const Segment segment = at(t);
    peak = std::max(peak, segment.visits_per_second);
    t = std::min(segment.end, to);
  }
  return peak;
}

VisitSource::VisitSource(const Traffic& traffic, double base_visits_per_second, Instant start, Rng rng)
    : rates_(traffic, base_visits_per_second), rng_(rng), start_(start) {
  if (traffic.replaying()) {
    replay_ = &traffic.replay;
  } else {
    segment_ = rates_.at(start);
  }
}

Instant VisitSource::next() {
  if (replay_ != nullptr) return replay_index_ < replay_->size() ? (*replay_)[replay_index_++] : kNoMoreVisits;
  while (true) {
    const double segment_end_ms =
        segment_.end == kNoMoreVisits ? std::numeric_limits<double>::infinity() : static_cast<double>(segment_.end - start_);
    if (segment_.visits_per_second > 0) {
      const double candidate = elapsed_ms_ + exponential(rng_, 1000.0 / segment_.visits_per_second);
      if (candidate < segment_end_ms) {
        elapsed_ms_ = candidate;
        return start_ + static_cast<Instant>(elapsed_ms_);
      }
    }
    if (segment_.end == kNoMoreVisits) return kNoMoreVisits;
    // The rate changes here; the exponential gap restarts (memoryless), so the process is exact.
    elapsed_ms_ = segment_end_ms;
    segment_ = rates_.at(segment_.end);
  }
}

}  // namespace ringpool::sim::plan
