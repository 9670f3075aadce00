// PoolNumbers: the numbers one ring pool holds, the leases on them and their reuse order
// (spec P-1..P-5, P-9). Pure bookkeeping at a given instant; acquiring numbers from inventory,
// timers and autoscaling live in the Engine.
//
// Invariants (check_invariants(); in builds without NDEBUG every mutating operation checks them
// on its way out, sampled as the pool grows: reference/domain/invariant_check.hpp):
//  (1) a leased slot has exactly one live entry in the lease queue, an idle slot exactly one in
//      the idle queue; stale queue entries carry an old generation;
//  (2) idle + leased + quarantined + provisioning + overflow == held() <= slots.size();
//  (3) the overflow slot, if any, is never leased, never idle, and was the first number acquired;
//  (4) lease ends are applied lazily: every public operation taking `now` first applies every
//      lease, quarantine and provisioning end due at or before `now` (T-1).
#pragma once

#include "reference/domain/invariant_check.hpp"
#include "reference/domain/phone_number.hpp"
#include "reference/domain/policy.hpp"
#include "reference/domain/timed_queue.hpp"
#include "sim/core/time.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ringpool::domain {

enum class SlotStatus : std::uint8_t { Free, Overflow, Provisioning, Idle, Leased, Quarantined };
std::string_view slot_status_name(SlotStatus status);

// What a lease records: the parameters the pool names and the affiliate.
struct LeaseDetails {
  std::vector<std::pair<std::string, std::string>> parameters;
  std::string affiliate;
  // Who asked, for P-3's RepeatVisitors::SameNumber only (0 otherwise): a 64-bit hash of every
  // query parameter of the request but the key, in a canonical order. A hash, not the text,
  // keeps the hot path's lease moves as cheap as before.
  std::uint64_t visitor = 0;
  friend bool operator==(const LeaseDetails&, const LeaseDetails&) = default;
};

inline constexpr sim::Instant kNever = std::numeric_limits<sim::Instant>::min();

struct NumberSlot {
  std::uint32_t inventory_index = 0;
  PhoneNumber number;
  SlotStatus status = SlotStatus::Free;
  bool local = false;
  bool release_when_free = false;  // P-9: over the size limit, released when its lease ends
  // Handed to a visitor while in this pool (leased, or answered as the overflow number): only
  // such a number ages when the pool lets it go (P-8); the others return to inventory at once.
  bool handed_out = false;
  std::uint32_t generation = 0;
  sim::Instant joined_at = 0;
  sim::Instant idle_since = 0;     // valid while Idle
  sim::Instant available_at = 0;   // end of quarantine / provisioning
  sim::Instant last_lease_end = kNever;  // for P-7's monthly shrink
  sim::Instant lease_start = 0;
  sim::Instant lease_end = 0;
  std::int64_t lease_allocation_number = 0;
  LeaseDetails lease;
};

struct ReleasedNumber {
  std::uint32_t inventory_index;
  PhoneNumber number;
  bool handed_out = false;  // P-8: it ages; otherwise it returns to inventory at once
};

struct Allocation {
  PhoneNumber number;
  bool overflow = false;
  std::int64_t allocation_number = 0;  // counts the pool's answers from 1
};

class PoolNumbers {
 public:
  // Adds a number acquired at `now`. An overflow number is reserved at once; a trackable one is
  // idle from `usable_at` (provisioning delay, P-7) and counts as idle since then.
  void add_number(std::uint32_t inventory_index, PhoneNumber number, bool local, bool as_overflow,
                  sim::Instant now, sim::Instant usable_at);
  // Room for `count` more numbers without moving the slots again (a fill adds thousands). Grows
  // geometrically, so that autoscaling's one-at-a-time fills stay amortised constant.
  void reserve_more(std::size_t count) {
    if (held_ + count > slots_.capacity()) slots_.reserve(std::max(held_ + count, 2 * slots_.capacity()));
  }

  // Applies every lease, quarantine and provisioning end due at or before `now`. Numbers marked
  // release_when_free are appended to `released` instead of becoming idle.
  void catch_up(sim::Instant now, sim::Duration quarantine, std::vector<ReleasedNumber>& released);

  // The idle number `order` picks (P-2: least recently used by default) under a new lease
  // [now, now + lifetime), else the overflow number (P-4), else nullopt (P-5). Call catch_up(now)
  // first.
  std::optional<Allocation> allocate(sim::Instant now, sim::Duration lifetime, LeaseDetails&& details,
                                     ReuseOrder order = ReuseOrder::LeastRecentlyUsed);

  // P-3 with RepeatVisitors::SameNumber: the number of the active lease (lowest slot first) whose
  // details (visitor and affiliate included) equal `details`, answered again without a new
  // lease; nullopt when none. Call catch_up(now) first. Linear in the numbers held (only that
  // policy calls it).
  std::optional<Allocation> answer_repeat_visitor(const LeaseDetails& details);

  // Releases up to `count` idle numbers, longest idle first, that satisfy `eligible`.
  template <typename Predicate>
  void release_idle(std::size_t count, Predicate eligible, std::vector<ReleasedNumber>& released);
  // P-9: brings held() down to `limit` (never the overflow number): idle first (longest idle),
  // then quarantined and provisioning ones, then leased ones as their leases end.
  void shrink_to(std::size_t limit, std::vector<ReleasedNumber>& released);
  // Ends every lease now and releases everything (a deleted pool, M-5).
  void release_all(std::vector<ReleasedNumber>& released);

  std::size_t held() const { return held_; }
  std::size_t leased() const { return leased_; }
  std::size_t idle() const { return idle_; }
  std::size_t provisioning() const { return provisioning_; }
  std::size_t quarantined() const { return quarantined_; }
  std::size_t trackable() const { return held_ - (overflow_slot_ ? 1 : 0); }
  std::size_t pending_release() const { return pending_release_; }
  std::size_t local_count() const { return local_; }
  bool has_overflow() const { return overflow_slot_.has_value(); }
  std::optional<PhoneNumber> overflow_number() const;
  std::int64_t allocation_count() const { return allocation_count_; }
  const std::vector<NumberSlot>& slots() const { return slots_; }

  // Autoscaling signals since the last tick (P-7).
  bool exhausted_since_tick() const { return exhausted_since_tick_; }
  double peak_utilisation_since_tick() const { return peak_utilisation_; }
  void reset_tick_signals();

  // Debug check of the invariants above; returns a description of the first violation.
  std::optional<std::string> check_invariants() const;

 private:
  friend struct PoolNumbersTestAccess;  // tests/allocation/invariants_test.cpp corrupts a count
  // Checks the invariants when a mutating operation ends (a guard at its top: every return path).
  class VerifyOnExit {
   public:
    explicit VerifyOnExit(PoolNumbers& numbers) : numbers_(numbers) {}
    VerifyOnExit(const VerifyOnExit&) = delete;
    VerifyOnExit& operator=(const VerifyOnExit&) = delete;
    ~VerifyOnExit() { numbers_.verify_after_mutation(); }

   private:
    PoolNumbers& numbers_;
  };
  void verify_after_mutation();

  void push_idle(std::uint32_t slot, sim::Instant since);
  void release_slot(std::uint32_t slot, std::vector<ReleasedNumber>& released);
  void note_utilisation();

  std::vector<NumberSlot> slots_;
  std::vector<std::uint32_t> free_slots_;
  TimedQueue idle_queue_;          // (idle_since, number): front = least, back = most recently used
  TimedQueue lease_queue_;         // (lease end, sequence)
  TimedQueue quarantine_queue_;    // (quarantine end, number)
  TimedQueue provisioning_queue_;  // (usable at, number)
  std::optional<std::uint32_t> overflow_slot_;
  std::size_t held_ = 0, leased_ = 0, idle_ = 0, provisioning_ = 0, quarantined_ = 0, local_ = 0;
  std::size_t pending_release_ = 0;
  std::int64_t allocation_count_ = 0;
  std::uint64_t lease_sequence_ = 0;
  bool exhausted_since_tick_ = false;
  double peak_utilisation_ = 0;
  std::vector<std::uint32_t> batch_;  // scratch for same-instant lease ends
  invariants::SampledCheck sampled_check_;
};

template <typename Predicate>
void PoolNumbers::release_idle(std::size_t count, Predicate eligible, std::vector<ReleasedNumber>& released) {
  const VerifyOnExit verify(*this);
  std::vector<TimedEntry> kept;
  while (count > 0 && !idle_queue_.empty()) {
    const TimedEntry entry = idle_queue_.front();
    idle_queue_.pop_front();
    NumberSlot& slot = slots_[entry.slot];
    if (slot.generation != entry.generation || slot.status != SlotStatus::Idle) continue;
    if (!eligible(slot)) {
      kept.push_back(entry);
      continue;
    }
    --idle_;
    release_slot(entry.slot, released);
    --count;
  }
  // Put back the skipped ones in their order, ahead of the rest.
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) idle_queue_.push(*it);
}

}  // namespace ringpool::domain
