#include "sim/plan/run_simulation.hpp"

#include "sim/plan/call_delay.hpp"
#include "sim/plan/simulated_pool.hpp"
#include "sim/plan/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>

namespace ringpool::sim::plan {

namespace {

// Time averages per bucket of a piecewise-constant quantity, over [start, end).
class BucketSeries {
 public:
  BucketSeries(Instant start, Instant end, Duration bucket)
      : start_(start), end_(end), bucket_(bucket),
        sums_(static_cast<std::size_t>((end - start + bucket - 1) / bucket), 0.0) {}

  // Adds `value` over [from, to), clipped to the horizon.
  void add(Instant from, Instant to, double value) {
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
      cached_begin_ = start_ + static_cast<Instant>(index) * bucket_;
      cached_end_ = std::min(cached_begin_ + bucket_, end_);
      from = bucket_end;
    }
  }

  std::vector<double> averages() const {
    std::vector<double> out(sums_.size());
    for (std::size_t i = 0; i < sums_.size(); ++i) {
      const Instant from = start_ + static_cast<Instant>(i) * bucket_;
      const Instant to = std::min(from + bucket_, end_);
      out[i] = sums_[i] / static_cast<double>(to - from);
    }
    return out;
  }

 private:
  Instant start_, end_;
  Duration bucket_;
  std::vector<double> sums_;
  std::size_t cached_index_ = 0;
  Instant cached_begin_ = 0, cached_end_ = 0;  // the bucket the last add ended in
};

// Numbers held change only inside scheduler events (fills, growth, shrinks), so noting the count
// after each event instant integrates it exactly.
class HeldTracker {
 public:
  HeldTracker(Instant start, Instant measure_from, Instant end, std::int64_t held, BucketSeries& series)
      : measure_from_(measure_from), end_(end), last_(start), value_(held), series_(series) {}

  void note(Instant t, std::int64_t held) {
    if (held == value_) return;
    close(t);
    if (t >= measure_from_) ++(held > value_ ? growth_ : shrink_);
    value_ = held;
  }
  void close(Instant t) {
    series_.add(last_, t, static_cast<double>(value_));
    const Instant from = std::max(last_, measure_from_), to = std::min(t, end_);
    if (to > from) {
      integral_ += static_cast<double>(value_) * static_cast<double>(to - from);
      peak_ = std::max(peak_, value_);
    }
    last_ = t;
  }

  double integral() const { return integral_; }
  std::int64_t peak() const { return peak_; }
  std::int64_t growth() const { return growth_; }
  std::int64_t shrink() const { return shrink_; }

 private:
  Instant measure_from_, end_, last_;
  std::int64_t value_;
  BucketSeries& series_;
  double integral_ = 0;  // number-milliseconds in the window
  std::int64_t peak_ = 0, growth_ = 0, shrink_ = 0;
};

constexpr std::int64_t kOverflowNumber = -1;
constexpr std::int64_t kNoNumber = -2;

struct PendingCall {
  Instant time;
  std::int64_t visit;   // the caller: the visit that saw the number
  std::int64_t number;  // inventory index, kOverflowNumber or kNoNumber

  bool operator>(const PendingCall& other) const {
    return time != other.time ? time > other.time : visit > other.visit;
  }
};

// The most recent lease opened on one number.
struct LastLease {
  std::int64_t visit = -1;
  Instant end = 0;
};

}  // namespace

RunMetrics simulate_run(const Plan& plan, const PointConfig& point, Rng rng) {
  auto created = SimulatedPool::create(point, plan.horizon.start);
  if (!created) throw std::invalid_argument("simulate_run: the plan's pool is invalid: " + created.error());
  SimulatedPool& simulated = **created;
  Scheduler& scheduler = simulated.scheduler();
  domain::Engine& engine = simulated.engine();
  domain::RingPool& pool = simulated.pool();

  const Instant start = plan.horizon.start;
  const Instant end = start + plan.horizon.length;
  const Instant measure_from = start + plan.horizon.warm_up;
  const Duration lifetime = seconds(point.pool.lifetime_seconds);
  const auto window = static_cast<Duration>(std::llround(point.attribution_window_seconds * 1000.0));
  const double call_share = point.call_share;

  VisitSource visits(plan.traffic, point.visits_per_second, start, rng.stream("visits"));
  Rng call_stream = rng.stream("calls");
  CallDelay delays(plan.calls, rng.stream("delays"));

  BucketSeries held_series(start, end, plan.horizon.bucket);
  BucketSeries leased_series(start, end, plan.horizon.bucket);
  HeldTracker held(start, measure_from, end, static_cast<std::int64_t>(pool.numbers.held()), held_series);
  std::vector<LastLease> last_lease(static_cast<std::size_t>(SimulatedPool::inventory_size(point.pool)));
  std::priority_queue<PendingCall, std::vector<PendingCall>, std::greater<>> calls;
  RunMetrics metrics;
  double leased_integral = 0;  // lease-milliseconds in the window
  std::int64_t visit_id = 0;

  // The next event's time, refreshed after whatever may schedule one (events, allocations).
  Instant next_event = scheduler.next_due().value_or(kNoMoreVisits);
  const auto run_events_until = [&](Instant t) {
    while (next_event <= t) {
      scheduler.run_until(next_event);
      held.note(next_event, static_cast<std::int64_t>(pool.numbers.held()));
      next_event = scheduler.next_due().value_or(kNoMoreVisits);
    }
    scheduler.run_until(t);
  };

  Instant next_visit = visits.next();
  while (next_visit < start) next_visit = visits.next();  // a replay may begin before the horizon
  while (true) {
    const Instant next_call = calls.empty() ? kNoMoreVisits : calls.top().time;
    const Instant next = std::min(next_visit, next_call);
    if (next >= end) break;
    run_events_until(next);

    if (next_call <= next_visit) {
      const PendingCall call = calls.top();
      calls.pop();
      if (call.time < measure_from) continue;
      ++metrics.calls;
      if (call.number == kOverflowNumber) {
        ++metrics.calls_unattributed_overflow;
      } else if (call.number == kNoNumber) {
        ++metrics.calls_unattributed_no_number;
      } else {
        const LastLease& lease = last_lease[static_cast<std::size_t>(call.number)];
        if (call.time > lease.end + window) {
          ++metrics.calls_unattributed_window;
        } else if (lease.visit == call.visit) {
          ++metrics.calls_attributed;
        } else {
          ++metrics.calls_misattributed;
        }
      }
      continue;
    }

    // A visit: one allocation through the reference engine.
    const Instant now = next_visit;
    const bool measured = now >= measure_from;
    ++visit_id;
    std::int64_t number;
    auto allocation = engine.allocate(pool, domain::LeaseDetails{});
    // A policy may grow the pool or schedule work from an allocation itself (on-demand growth).
    held.note(now, static_cast<std::int64_t>(pool.numbers.held()));
    next_event = scheduler.next_due().value_or(kNoMoreVisits);
    if (!allocation) {
      number = kNoNumber;
      if (measured) ++metrics.no_number_answers;
    } else if (allocation->overflow) {
      number = kOverflowNumber;
      if (measured) ++metrics.overflow_answers;
    } else {
      number = static_cast<std::int64_t>(allocation->number.digits - SimulatedPool::kFirstNumber);
      const Instant lease_end = now + lifetime;
      last_lease[static_cast<std::size_t>(number)] = LastLease{visit_id, lease_end};
      leased_series.add(now, lease_end, 1.0);
      const Instant from = std::max(now, measure_from), to = std::min(lease_end, end);
      if (to > from) leased_integral += static_cast<double>(to - from);
      if (measured) metrics.leased_peak = std::max(metrics.leased_peak, static_cast<std::int64_t>(pool.numbers.leased()));
    }
    if (measured) ++metrics.visits;
    if (call_share > 0 && call_stream.chance(call_share)) calls.push(PendingCall{now + delays.draw(), visit_id, number});
    next_visit = visits.next();
  }
  run_events_until(end);
  held.close(end);

  const double window_ms = static_cast<double>(end - measure_from);
  metrics.held_mean = held.integral() / window_ms;
  metrics.held_peak = held.peak();
  metrics.leased_mean = leased_integral / window_ms;
  metrics.number_months = held.integral() / 1000.0 / kSecondsPerMonth;
  metrics.growth_steps = held.growth();
  metrics.shrink_steps = held.shrink();
  metrics.held_series = held_series.averages();
  metrics.leased_series = leased_series.averages();
  return metrics;
}

}  // namespace ringpool::sim::plan
