#include "sim/plan/run_trackers.hpp"

#include <algorithm>
#include <utility>

namespace ringpool::sim::plan {

namespace {

constexpr Duration kTrackedHourMs = 3'600'000;

Instant floor_to_hour(Instant t) { return t >= 0 ? t / kTrackedHourMs * kTrackedHourMs : -((-t + kTrackedHourMs - 1) / kTrackedHourMs) * kTrackedHourMs; }

}  // namespace

BucketSeries::BucketSeries(Instant start, Instant end, Duration bucket)
    : start_(start), end_(end), bucket_(bucket),
      sums_(static_cast<std::size_t>((end - start + bucket - 1) / bucket), 0.0), peaks_(sums_.size(), 0.0) {}

void BucketSeries::add(Instant from, Instant to, double value) {
  from = std::max(from, start_);
  to = std::min(to, end_);
  // The hot path (one lease per visit): inside the bucket of the previous call, no division.
  if (from >= cached_begin_ && to <= cached_end_ && from < to) {
    sums_[cached_index_] += value * static_cast<double>(to - from);
    return;
  }
  while (from < to) {
    const auto index = static_cast<std::size_t>((from - start_) / bucket_);
    const Instant bucket_end = std::min(start_ + static_cast<Instant>(index + 1) * bucket_, to);
    sums_[index] += value * static_cast<double>(bucket_end - from);
    cached_index_ = index;
    cached_begin_ = bucket_start(index);
    cached_end_ = std::min(cached_begin_ + bucket_, end_);
    from = bucket_end;
  }
}

void BucketSeries::note_peak(Instant t, double value) {
  if (t < start_ || t >= end_) return;
  double& peak = peaks_[static_cast<std::size_t>((t - start_) / bucket_)];
  peak = std::max(peak, value);
}

void BucketSeries::note_peak_over(Instant from, Instant to, double value) {
  from = std::max(from, start_);
  to = std::min(to, end_);
  if (from >= to) return;
  const auto first = static_cast<std::size_t>((from - start_) / bucket_);
  const auto last = static_cast<std::size_t>((to - 1 - start_) / bucket_);
  for (std::size_t index = first; index <= last; ++index) peaks_[index] = std::max(peaks_[index], value);
}

std::vector<double> BucketSeries::averages() const {
  std::vector<double> out(sums_.size());
  for (std::size_t i = 0; i < sums_.size(); ++i) {
    const Instant from = bucket_start(i);
    const Instant to = std::min(from + bucket_, end_);
    out[i] = sums_[i] / static_cast<double>(to - from);
  }
  return out;
}

HeldTracker::HeldTracker(Instant start, Instant measure_from, Instant end, std::int64_t held, BucketSeries& series)
    : measure_from_(measure_from), end_(end), last_(start), value_(held), series_(series) {}

void HeldTracker::note(Instant t, std::int64_t held) {
  if (held == value_) return;
  close(t);
  if (t >= measure_from_) ++(held > value_ ? growth_ : shrink_);
  value_ = held;
}

void HeldTracker::close(Instant t) {
  series_.add(last_, t, static_cast<double>(value_));
  series_.note_peak_over(last_, t, static_cast<double>(value_));
  const Instant from = std::max(last_, measure_from_), to = std::min(t, end_);
  if (to > from) {
    integral_ += static_cast<double>(value_) * static_cast<double>(to - from);
    peak_ = std::max(peak_, value_);
  }
  last_ = t;
}

LeasedTracker::LeasedTracker(Instant measure_from, Instant end, BucketSeries& series)
    : measure_from_(measure_from), end_(end), series_(series) {}

void LeasedTracker::advance_to(Instant t) {
  while (next_bucket_ < series_.bucket_count() && series_.bucket_start(next_bucket_) <= t) {
    const Instant boundary = series_.bucket_start(next_bucket_);
    while (!ends_.empty() && ends_.front() <= boundary) ends_.pop_front();
    series_.note_peak(boundary, static_cast<double>(ends_.size()));
    ++next_bucket_;
  }
  while (!ends_.empty() && ends_.front() <= t) ends_.pop_front();
}

void LeasedTracker::open(Instant now, Instant lease_end) {
  advance_to(now);
  ends_.push_back(lease_end);
  series_.add(now, lease_end, 1.0);
  // advance_to(now) noted every bucket start up to now: the bucket holding now is the last one.
  if (next_bucket_ > 0) series_.note_peak_at(next_bucket_ - 1, static_cast<double>(ends_.size()));
  const Instant from = std::max(now, measure_from_), to = std::min(lease_end, end_);
  if (to > from) integral_ += static_cast<double>(to - from);
}

void LeasedTracker::close(Instant end) { advance_to(end - 1); }

HourCounter::HourCounter(Instant measure_from, Instant end) : first_hour_(floor_to_hour(measure_from)) {
  const auto hours = static_cast<std::size_t>((floor_to_hour(end - 1) - first_hour_) / kTrackedHourMs + 1);
  visits_.assign(hours, 0);
  overflow_.assign(hours, 0);
}

void HourCounter::move_to(Instant t) {
  index_ = static_cast<std::size_t>((floor_to_hour(t) - first_hour_) / kTrackedHourMs);
  hour_end_ = first_hour_ + static_cast<Instant>(index_ + 1) * kTrackedHourMs;
}

std::pair<std::int64_t, std::int64_t> HourCounter::busiest() const {
  std::size_t best = 0;
  for (std::size_t i = 1; i < visits_.size(); ++i)
    if (visits_[i] > visits_[best]) best = i;
  if (visits_.empty()) return {0, 0};
  return {visits_[best], overflow_[best]};
}

}  // namespace ringpool::sim::plan
