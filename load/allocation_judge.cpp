#include "load/allocation_judge.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::load {

namespace {

namespace rules = conformance::allocation_rules;

// Per number, the answers kept for pairwise judging: enough to meet every lease that can still
// be active when the next answer comes, at the rates a pool of a few dozen numbers sees.
constexpr std::size_t kAnswersKeptPerNumber = 8;

// `later` surely took effect after `earlier`: it was sent once `earlier`'s answer had come, or
// its earliest instant on the target's clock is past `earlier`'s latest.
bool surely_after(const TimedAnswer& later, const TimedAnswer& earlier) {
  return later.sent_ms >= earlier.received_ms || later.effect.earliest_ms > earlier.effect.latest_ms;
}

// Two leases overlap whatever instants within their bounds they began at.
bool surely_overlap(const TimedAnswer& a, const TimedAnswer& b, std::int64_t lifetime_ms) {
  return b.effect.latest_ms - a.effect.earliest_ms < lifetime_ms && a.effect.latest_ms - b.effect.earliest_ms < lifetime_ms;
}

// `other` took effect while the lease `leased` opened was surely active.
bool during_lease(const TimedAnswer& leased, const TimedAnswer& other, std::int64_t lifetime_ms) {
  return surely_after(other, leased) &&
         other.effect.latest_ms < rules::lease_surely_active_until_ms(leased.effect.earliest_ms, lifetime_ms);
}

}  // namespace

AllocationJudge::AllocationJudge(std::vector<JudgedPool> pools, conformance::Profile profile) : profile_(profile) {
  for (JudgedPool& facts : pools) {
    PoolState state;
    state.facts = std::move(facts);
    pools_.push_back(std::move(state));
  }
}

void AllocationJudge::sent(std::size_t pool, std::int64_t earliest_ms) {
  if (pool >= pools_.size()) return;
  std::optional<std::int64_t>& first = pools_[pool].first_effect_ms;
  first = first ? std::min(*first, earliest_ms) : earliest_ms;
}

bool AllocationJudge::believed_trackable(const TimedAnswer& answer) const {
  return rules::flag_decides(answer.form, profile_) && !answer.overflow_flag.value_or(false);
}

bool AllocationJudge::believed_overflow(const TimedAnswer& answer) const {
  return rules::flag_decides(answer.form, profile_) && answer.overflow_flag.value_or(false);
}

bool AllocationJudge::in_first_lease_time(const PoolState& pool, const TimedAnswer& answer) const {
  // No lease opened at or after the pool's first request can have ended before first + lifetime.
  return pool.first_effect_ms && answer.effect.latest_ms < *pool.first_effect_ms + pool.facts.lifetime_ms;
}

void AllocationJudge::judge(const TimedAnswer& answer, std::vector<Violation>& out) {
  if (answer.pool >= pools_.size()) return;
  PoolState& pool = pools_[answer.pool];
  sent(answer.pool, answer.effect.earliest_ms);  // a pool judged without sent() calls starts here
  ++tally_.allocations_judged;
  const Seen seen{answer, believed_trackable(answer)};
  if (seen.trackable) ++tally_.leases_opened;
  else if (!believed_overflow(answer)) ++tally_.undecided;
  overflow_rules(pool, seen, out);
  pairwise(pool, seen, out);
  if (in_first_lease_time(pool, answer)) first_lease_time(pool, seen, out);
}

void AllocationJudge::pairwise(PoolState& pool, const Seen& seen, std::vector<Violation>& out) {
  const std::int64_t lifetime = pool.facts.lifetime_ms;
  std::vector<Seen>& history = pool.by_number[seen.answer.number];
  bool violated = false;
  for (const Seen& earlier : history) {
    const bool broken = (earlier.trackable && during_lease(earlier.answer, seen.answer, lifetime)) ||
                        (seen.trackable && during_lease(seen.answer, earlier.answer, lifetime)) ||
                        (earlier.trackable && seen.trackable && surely_overlap(earlier.answer, seen.answer, lifetime));
    if (broken) {
      out.push_back(Violation{
          "P-1",
          fmt::format("number {} of pool {} was handed to another visitor while a lease on it was surely active: a "
                      "lease of {} s began at target time {}, the other answer came at {}",
                      seen.answer.number, pool.facts.id_from_network, lifetime / 1000,
                      describe_target_time((earlier.trackable ? earlier : seen).answer.effect),
                      describe_target_time((earlier.trackable ? seen : earlier).answer.effect)),
          {earlier.answer.evidence, seen.answer.evidence}});
      violated = true;
      break;
    }
  }
  // "Sometimes" goal: the number's last lease had surely run its minimum length, so reuse was exercised.
  const auto last_lease = std::find_if(history.rbegin(), history.rend(), [](const Seen& earlier) { return earlier.trackable; });
  if (!violated && seen.trackable && last_lease != history.rend() &&
      seen.answer.effect.earliest_ms >= last_lease->answer.effect.latest_ms + lifetime)
    ++tally_.reused_after_lease_end;
  history.push_back(seen);
  if (history.size() > kAnswersKeptPerNumber) history.erase(history.begin());
}

void AllocationJudge::first_lease_time(PoolState& pool, const Seen& seen, std::vector<Violation>& out) {
  ++tally_.answers_in_first_lease_time;
  const int count = ++pool.quiet_counts[seen.answer.number];
  if (count == 2) pool.quiet_repeats.insert(seen.answer.number);
  const auto quoted = [&pool](const std::set<std::string>& numbers) {
    std::vector<Evidence> evidence;
    for (const std::string& number : numbers) {
      const std::vector<Seen>& history = pool.by_number[number];
      for (std::size_t i = 0; i < history.size() && i < 2; ++i) evidence.push_back(history[i].answer.evidence);
    }
    return evidence;
  };
  if (!pool.quiet_repeat_reported &&
      std::cmp_greater(pool.quiet_repeats.size(), rules::repeated_numbers_at_most(pool.facts.allow_overflow))) {
    pool.quiet_repeat_reported = true;
    out.push_back(Violation{
        "P-1",
        fmt::format("pool {} answered numbers {} each more than once within its first {} s, when none of its leases can "
                    "have ended: only the overflow number may repeat (P-1, P-4)",
                    pool.facts.id_from_network, fmt::join(pool.quiet_repeats, " and "), pool.facts.lifetime_ms / 1000),
        quoted(pool.quiet_repeats)});
  }
  const int most = rules::distinct_numbers_at_most(pool.facts.max_pool_size, pool.facts.allow_overflow, profile_);
  if (!pool.quiet_distinct_reported && std::cmp_greater(pool.quiet_counts.size(), most)) {
    pool.quiet_distinct_reported = true;
    std::set<std::string> numbers;
    for (const auto& [number, times] : pool.quiet_counts) numbers.insert(number);
    out.push_back(Violation{"P-4",
                            fmt::format("pool {} (max_pool_size {}) answered {} distinct numbers within its first {} s, "
                                        "when none of its leases can have ended: it may hold at most {}",
                                        pool.facts.id_from_network, pool.facts.max_pool_size, numbers.size(),
                                        pool.facts.lifetime_ms / 1000, most),
                            {seen.answer.evidence}});
  }
}

void AllocationJudge::overflow_rules(PoolState& pool, const Seen& seen, std::vector<Violation>& out) {
  const bool overflow = believed_overflow(seen.answer);
  if (overflow) ++tally_.overflow_answers;
  if (!pool.overflow) {
    if (overflow) pool.overflow = seen;
    return;
  }
  // The overflow number is fixed for good in strict ([dec]); in vendor while nothing can have
  // become free (P-4 [doc]), which is the pool's first lease time.
  const bool fixed = rules::overflow_number_never_changes(profile_) ||
                     (in_first_lease_time(pool, pool.overflow->answer) && in_first_lease_time(pool, seen.answer));
  if (!fixed) return;
  const std::string& known = pool.overflow->answer.number;
  if (overflow && seen.answer.number != known)
    out.push_back(Violation{"P-4",
                            fmt::format("pool {} answered a second overflow number {} (its overflow number is {})",
                                        pool.facts.id_from_network, seen.answer.number, known),
                            {pool.overflow->answer.evidence, seen.answer.evidence}});
  else if (seen.trackable && seen.answer.number == known)
    out.push_back(Violation{"P-4",
                            fmt::format("pool {}'s overflow number {} was handed out as a trackable number (it is never "
                                        "leased, P-4)",
                                        pool.facts.id_from_network, known),
                            {pool.overflow->answer.evidence, seen.answer.evidence}});
}

std::optional<std::string> AllocationJudge::overflow_number(std::size_t pool) const {
  if (pool >= pools_.size() || !pools_[pool].overflow) return std::nullopt;
  return pools_[pool].overflow->answer.number;
}

std::vector<std::pair<std::string, Evidence>> AllocationJudge::surely_running(std::size_t pool, ServerTimeBounds now) const {
  std::vector<std::pair<std::string, Evidence>> out;
  if (pool >= pools_.size()) return out;
  const std::int64_t lifetime = pools_[pool].facts.lifetime_ms;
  for (const auto& [number, history] : pools_[pool].by_number)
    for (const Seen& seen : history)
      if (seen.trackable && seen.answer.effect.latest_ms <= now.earliest_ms &&
          now.latest_ms < rules::lease_surely_active_until_ms(seen.answer.effect.earliest_ms, lifetime))
        out.emplace_back(number, seen.answer.evidence);
  return out;
}

}  // namespace ringpool::load
