#include "sim/plan/run_simulation.hpp"

#include "sim/plan/call_delay.hpp"
#include "sim/plan/run_trackers.hpp"
#include "sim/plan/simulated_pool.hpp"
#include "sim/plan/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <queue>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace ringpool::sim::plan {

namespace {

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

std::unique_ptr<SimulatedPool> create_pool(const Plan& plan, const PointConfig& point) {
  auto created = SimulatedPool::create(point, plan.horizon.start);
  if (!created) throw std::invalid_argument("simulate_run: the plan's pool is invalid: " + created.error());
  return std::move(*created);
}

// One run: the pool, the visit and call streams, and what is measured.
class RunLoop {
 public:
  RunLoop(const Plan& plan, const PointConfig& point, Rng rng)
      : simulated_(create_pool(plan, point)),
        start_(plan.horizon.start),
        end_(start_ + plan.horizon.length),
        measure_from_(start_ + plan.horizon.warm_up),
        // The domain holds a lease for lifetime + grace (P-1); attribution and the leased count
        // follow the lease the domain really keeps.
        lease_duration_(seconds(point.pool.lifetime_seconds + point.policy.lease_grace_seconds)),
        window_(static_cast<Duration>(std::llround(point.attribution_window_seconds * 1000.0))),
        call_share_(point.call_share),
        visits_(plan.traffic, point.visits_per_second, start_, rng.stream("visits")),
        call_stream_(rng.stream("calls")),
        delays_(plan.calls, rng.stream("delays")),
        held_series_(start_, end_, plan.horizon.bucket),
        leased_series_(start_, end_, plan.horizon.bucket),
        held_(start_, measure_from_, end_, held_now(), held_series_),
        leased_(measure_from_, end_, leased_series_),
        hours_(measure_from_, end_),
        last_lease_(static_cast<std::size_t>(SimulatedPool::inventory_size(point.pool))),
        next_event_(simulated_->scheduler().next_due().value_or(kNoMoreVisits)) {}

  RunMetrics run() {
    Instant next_visit = visits_.next();
    while (next_visit < start_) next_visit = visits_.next();  // a replay may begin before the horizon
    while (true) {
      const Instant next_call = calls_.empty() ? kNoMoreVisits : calls_.top().time;
      const Instant next = std::min(next_visit, next_call);
      if (next >= end_) break;
      run_events_until(next);
      if (next_call <= next_visit) {
        answer_call();
      } else {
        visit(next_visit);
        next_visit = visits_.next();
      }
    }
    run_events_until(end_);
    return finish();
  }

 private:
  std::int64_t held_now() { return static_cast<std::int64_t>(simulated_->pool().numbers.held()); }

  // Runs scheduler events up to `t`, noting the numbers held after each event instant.
  void run_events_until(Instant t) {
    Scheduler& scheduler = simulated_->scheduler();
    while (next_event_ <= t) {
      scheduler.run_until(next_event_);
      held_.note(next_event_, held_now());
      next_event_ = scheduler.next_due().value_or(kNoMoreVisits);
    }
    scheduler.run_until(t);
  }

  void answer_call() {
    const PendingCall call = calls_.top();
    calls_.pop();
    if (call.time < measure_from_) return;
    ++metrics_.calls;
    if (call.number == kOverflowNumber) {
      ++metrics_.calls_unattributed_overflow;
    } else if (call.number == kNoNumber) {
      ++metrics_.calls_unattributed_no_number;
    } else {
      const LastLease& lease = last_lease_[static_cast<std::size_t>(call.number)];
      if (call.time > lease.end + window_) {
        ++metrics_.calls_unattributed_window;
      } else if (lease.visit == call.visit) {
        ++metrics_.calls_attributed;
      } else {
        ++metrics_.calls_misattributed;
      }
    }
  }

  // One allocation through the reference engine, and the caller's call if this visitor calls.
  void visit(Instant now) {
    domain::RingPool& pool = simulated_->pool();
    const bool measured = now >= measure_from_;
    ++visit_id_;
    auto allocation = simulated_->engine().allocate(pool, domain::LeaseDetails{});
    // A policy may grow the pool or schedule work from an allocation itself (on-demand growth).
    held_.note(now, held_now());
    next_event_ = simulated_->scheduler().next_due().value_or(kNoMoreVisits);
    std::int64_t number;
    if (!allocation) {
      number = kNoNumber;
      if (measured) ++metrics_.no_number_answers;
    } else if (allocation->overflow) {
      number = kOverflowNumber;
      if (measured) ++metrics_.overflow_answers;
    } else {
      number = static_cast<std::int64_t>(allocation->number.digits - SimulatedPool::kFirstNumber);
      const Instant lease_end = now + lease_duration_;
      last_lease_[static_cast<std::size_t>(number)] = LastLease{visit_id_, lease_end};
      leased_.open(now, lease_end);
      if (measured) metrics_.leased_peak = std::max(metrics_.leased_peak, static_cast<std::int64_t>(pool.numbers.leased()));
    }
    if (measured) {
      ++metrics_.visits;
      hours_.visit(now, number == kOverflowNumber);
    }
    if (call_share_ > 0 && call_stream_.chance(call_share_)) calls_.push(PendingCall{now + delays_.draw(), visit_id_, number});
  }

  RunMetrics finish() {
    held_.close(end_);
    leased_.close(end_);
    const double window_ms = static_cast<double>(end_ - measure_from_);
    metrics_.held_mean = held_.integral() / window_ms;
    metrics_.held_peak = held_.peak();
    metrics_.leased_mean = leased_.integral() / window_ms;
    metrics_.number_months = held_.integral() / 1000.0 / kSecondsPerMonth;
    metrics_.growth_steps = held_.growth();
    metrics_.shrink_steps = held_.shrink();
    std::tie(metrics_.busiest_hour_visits, metrics_.busiest_hour_overflow_answers) = hours_.busiest();
    metrics_.held_series = held_series_.averages();
    metrics_.leased_series = leased_series_.averages();
    metrics_.held_peak_series = held_series_.peaks();
    metrics_.leased_peak_series = leased_series_.peaks();
    return std::move(metrics_);
  }

  std::unique_ptr<SimulatedPool> simulated_;
  Instant start_, end_, measure_from_;
  Duration lease_duration_, window_;
  double call_share_;
  VisitSource visits_;
  Rng call_stream_;
  CallDelay delays_;
  BucketSeries held_series_, leased_series_;
  HeldTracker held_;
  LeasedTracker leased_;
  HourCounter hours_;
  std::vector<LastLease> last_lease_;
  std::priority_queue<PendingCall, std::vector<PendingCall>, std::greater<>> calls_;
  Instant next_event_;
  std::int64_t visit_id_ = 0;
  RunMetrics metrics_;
};

}  // namespace

RunMetrics simulate_run(const Plan& plan, const PointConfig& point, Rng rng) { return RunLoop(plan, point, rng).run(); }

}  // namespace ringpool::sim::plan
