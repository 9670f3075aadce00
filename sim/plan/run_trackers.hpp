// What one run measures over time, kept apart from the run loop: per-bucket time averages and
// peaks of the numbers held and leased, the held count's integral and steps, and the visits per
// clock hour for the busiest hour. Every tracker is exact for piecewise-constant counts.
#pragma once

#include "sim/core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace ringpool::sim::plan {

// Time averages per bucket of a piecewise-constant quantity over [start, end), and the largest
// value any instant of each bucket saw.
class BucketSeries {
 public:
  BucketSeries(Instant start, Instant end, Duration bucket);

  // Adds `value` over [from, to), clipped to the horizon.
  void add(Instant from, Instant to, double value);
  // The bucket holding `t` saw `value` (ignored outside the horizon).
  void note_peak(Instant t, double value);
  // Bucket `index` saw `value` (the hot path, when the caller knows the bucket).
  void note_peak_at(std::size_t index, double value) {
    if (value > peaks_[index]) peaks_[index] = value;
  }
  // The peak of every bucket [from, to) overlaps is at least `value`.
  void note_peak_over(Instant from, Instant to, double value);

  std::size_t bucket_count() const { return sums_.size(); }
  Instant bucket_start(std::size_t index) const { return start_ + static_cast<Instant>(index) * bucket_; }
  std::vector<double> averages() const;
  const std::vector<double>& peaks() const { return peaks_; }

 private:
  Instant start_, end_;
  Duration bucket_;
  std::vector<double> sums_;
  std::vector<double> peaks_;
  std::size_t cached_index_ = 0;
  Instant cached_begin_ = 0, cached_end_ = 0;  // the bucket the last add ended in
};

// Numbers held change only inside scheduler events (fills, growth, shrinks), so noting the count
// after each event instant integrates it exactly.
class HeldTracker {
 public:
  HeldTracker(Instant start, Instant measure_from, Instant end, std::int64_t held, BucketSeries& series);

  void note(Instant t, std::int64_t held);
  void close(Instant t);

  double integral() const { return integral_; }  // number-milliseconds in the window
  std::int64_t peak() const { return peak_; }
  std::int64_t growth() const { return growth_; }
  std::int64_t shrink() const { return shrink_; }

 private:
  Instant measure_from_, end_, last_;
  std::int64_t value_;
  BucketSeries& series_;
  double integral_ = 0;
  std::int64_t peak_ = 0, growth_ = 0, shrink_ = 0;
};

// Leases in force over time. Every lease of a run lasts the same (lifetime + grace), so leases end
// in the order they began and a queue of end times gives the count at any instant exactly.
class LeasedTracker {
 public:
  LeasedTracker(Instant measure_from, Instant end, BucketSeries& series);

  // A lease on [now, lease_end); `now` never decreases.
  void open(Instant now, Instant lease_end);
  // Brings the bucket peaks up to `end` (buckets without a visit keep the count at their start).
  void close(Instant end);

  double integral() const { return integral_; }  // lease-milliseconds in the window

 private:
  void advance_to(Instant t);  // drops leases ended by t and notes the count at bucket starts

  Instant measure_from_, end_;
  BucketSeries& series_;
  std::deque<Instant> ends_;
  std::size_t next_bucket_ = 0;  // the first bucket whose start is not yet noted
  double integral_ = 0;
};

// Visits and overflow answers per clock hour (UTC) of the measured window.
class HourCounter {
 public:
  HourCounter(Instant measure_from, Instant end);

  // `t` never decreases between calls.
  void visit(Instant t, bool overflow) {
    if (t >= hour_end_) move_to(t);
    ++visits_[index_];
    if (overflow) ++overflow_[index_];
  }
  // The hour with the most visits (the earliest of equals): its visits and overflow answers.
  std::pair<std::int64_t, std::int64_t> busiest() const;

 private:
  void move_to(Instant t);

  Instant first_hour_;
  std::vector<std::int64_t> visits_, overflow_;
  std::size_t index_ = 0;  // the hour of the last visit, and where it ends (no division per visit)
  Instant hour_end_ = 0;
};

}  // namespace ringpool::sim::plan
