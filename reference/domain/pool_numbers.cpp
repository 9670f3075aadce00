#include "reference/domain/pool_numbers.hpp"

#include "reference/domain/autoscaling_policy.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::domain {

std::string_view slot_status_name(SlotStatus status) {
  switch (status) {
    case SlotStatus::Free: return "free";
    case SlotStatus::Overflow: return "overflow";
    case SlotStatus::Provisioning: return "provisioning";
    case SlotStatus::Idle: return "idle";
    case SlotStatus::Leased: return "leased";
    case SlotStatus::Quarantined: return "quarantined";
  }
  return "free";
}

std::optional<PhoneNumber> PoolNumbers::overflow_number() const {
  if (!overflow_slot_) return std::nullopt;
  return slots_[*overflow_slot_].number;
}

void PoolNumbers::add_number(std::uint32_t inventory_index, PhoneNumber number, bool local, bool as_overflow,
                             sim::Instant now, sim::Instant usable_at) {
  const VerifyOnExit verify(*this);
  std::uint32_t id;
  if (!free_slots_.empty()) {
    id = free_slots_.back();
    free_slots_.pop_back();
  } else {
    id = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  NumberSlot& slot = slots_[id];
  const std::uint32_t generation = slot.generation + 1;
  slot = NumberSlot{};
  slot.generation = generation;
  slot.inventory_index = inventory_index;
  slot.number = number;
  slot.local = local;
  slot.joined_at = now;
  ++held_;
  if (local) ++local_;
  if (as_overflow) {
    slot.status = SlotStatus::Overflow;
    overflow_slot_ = id;
  } else if (usable_at > now) {
    slot.status = SlotStatus::Provisioning;
    slot.available_at = usable_at;
    ++provisioning_;
    provisioning_queue_.push(TimedEntry{usable_at, number.digits, id, slot.generation});
  } else {
    push_idle(id, now);
  }
}

void PoolNumbers::push_idle(std::uint32_t id, sim::Instant since) {
  NumberSlot& slot = slots_[id];
  slot.status = SlotStatus::Idle;
  slot.idle_since = since;
  ++idle_;
  idle_queue_.push(TimedEntry{since, slot.number.digits, id, slot.generation});
}

void PoolNumbers::release_slot(std::uint32_t id, std::vector<ReleasedNumber>& released) {
  NumberSlot& slot = slots_[id];
  released.push_back(ReleasedNumber{slot.inventory_index, slot.number, slot.handed_out});
  if (slot.release_when_free) --pending_release_;
  if (slot.local) --local_;
  if (overflow_slot_ == id) overflow_slot_.reset();
  slot.status = SlotStatus::Free;
  slot.release_when_free = false;
  slot.lease = LeaseDetails{};
  ++slot.generation;  // invalidates any queue entry still naming the slot
  free_slots_.push_back(id);
  --held_;
}

void PoolNumbers::catch_up(sim::Instant now, sim::Duration quarantine, std::vector<ReleasedNumber>& released) {
  const VerifyOnExit verify(*this);
  // Lease ends, in time order; leases ending at the same instant free their numbers in number
  // order, so that P-2's tie rule (lower number first) holds in the idle queue.
  while (!lease_queue_.empty() && lease_queue_.front().time <= now) {
    const sim::Instant end = lease_queue_.front().time;
    batch_.clear();
    while (!lease_queue_.empty() && lease_queue_.front().time == end) {
      const TimedEntry entry = lease_queue_.front();
      lease_queue_.pop_front();
      if (slots_[entry.slot].generation == entry.generation && slots_[entry.slot].status == SlotStatus::Leased)
        batch_.push_back(entry.slot);
    }
    if (batch_.size() > 1)
      std::sort(batch_.begin(), batch_.end(),
                [&](std::uint32_t a, std::uint32_t b) { return slots_[a].number < slots_[b].number; });
    for (std::uint32_t id : batch_) {
      NumberSlot& slot = slots_[id];
      --leased_;
      slot.last_lease_end = end;
      slot.lease = LeaseDetails{};
      if (slot.release_when_free) {
        release_slot(id, released);
      } else if (quarantine > 0) {
        slot.status = SlotStatus::Quarantined;
        slot.available_at = end + quarantine;
        ++quarantined_;
        quarantine_queue_.push(TimedEntry{slot.available_at, slot.number.digits, id, slot.generation});
      } else {
        push_idle(id, end);
      }
    }
  }
  while (!quarantine_queue_.empty() && quarantine_queue_.front().time <= now) {
    const TimedEntry entry = quarantine_queue_.front();
    quarantine_queue_.pop_front();
    if (slots_[entry.slot].generation != entry.generation || slots_[entry.slot].status != SlotStatus::Quarantined)
      continue;
    --quarantined_;
    if (slots_[entry.slot].release_when_free) {
      release_slot(entry.slot, released);
    } else {
      push_idle(entry.slot, entry.time);
    }
  }
  while (!provisioning_queue_.empty() && provisioning_queue_.front().time <= now) {
    const TimedEntry entry = provisioning_queue_.front();
    provisioning_queue_.pop_front();
    if (slots_[entry.slot].generation != entry.generation || slots_[entry.slot].status != SlotStatus::Provisioning)
      continue;
    --provisioning_;
    push_idle(entry.slot, entry.time);
  }
}

std::optional<Allocation> PoolNumbers::allocate(sim::Instant now, sim::Duration lifetime, LeaseDetails&& details,
                                                ReuseOrder order) {
  const VerifyOnExit verify(*this);
  const bool most_recent = order == ReuseOrder::MostRecentlyUsed;
  while (!idle_queue_.empty()) {
    const TimedEntry entry = most_recent ? idle_queue_.back() : idle_queue_.front();
    if (most_recent) idle_queue_.pop_back(); else idle_queue_.pop_front();
    NumberSlot& slot = slots_[entry.slot];
    if (slot.generation != entry.generation || slot.status != SlotStatus::Idle) continue;
    --idle_;
    ++leased_;
    slot.status = SlotStatus::Leased;
    slot.handed_out = true;
    slot.lease_start = now;
    slot.lease_end = now + lifetime;
    slot.lease_allocation_number = ++allocation_count_;
    slot.lease = std::move(details);
    lease_queue_.push(TimedEntry{slot.lease_end, ++lease_sequence_, entry.slot, slot.generation});
    note_utilisation();
    return Allocation{slot.number, false, allocation_count_};
  }
  exhausted_since_tick_ = true;
  note_utilisation();
  if (overflow_slot_) {
    slots_[*overflow_slot_].handed_out = true;
    return Allocation{slots_[*overflow_slot_].number, true, ++allocation_count_};
  }
  return std::nullopt;
}

std::optional<Allocation> PoolNumbers::answer_repeat_visitor(const LeaseDetails& details) {
  const VerifyOnExit verify(*this);
  for (const NumberSlot& slot : slots_)
    if (slot.status == SlotStatus::Leased && slot.lease == details)
      return Allocation{slot.number, false, ++allocation_count_};
  return std::nullopt;
}

void PoolNumbers::note_utilisation() {
  peak_utilisation_ = std::max(peak_utilisation_, autoscaling::utilisation(leased_, idle_ + leased_ + quarantined_));
}

void PoolNumbers::reset_tick_signals() {
  exhausted_since_tick_ = false;
  peak_utilisation_ = 0;
}

void PoolNumbers::shrink_to(std::size_t limit, std::vector<ReleasedNumber>& released) {
  const VerifyOnExit verify(*this);
  const auto excess = [&] { return held_ - pending_release_ > limit ? held_ - pending_release_ - limit : 0; };
  release_idle(excess(), [](const NumberSlot&) { return true; }, released);
  // Then numbers not yet usable: quarantined and provisioning ones, lowest number first.
  for (SlotStatus status : {SlotStatus::Quarantined, SlotStatus::Provisioning}) {
    for (std::uint32_t id = 0; id < slots_.size() && excess() > 0; ++id) {
      if (slots_[id].status != status) continue;
      if (status == SlotStatus::Quarantined) --quarantined_; else --provisioning_;
      release_slot(id, released);
    }
  }
  // Leased ones go when their leases end, soonest-ending first.
  for (const TimedEntry& entry : lease_queue_) {
    if (excess() == 0) break;
    NumberSlot& slot = slots_[entry.slot];
    if (slot.generation != entry.generation || slot.status != SlotStatus::Leased || slot.release_when_free) continue;
    slot.release_when_free = true;
    ++pending_release_;
  }
}

void PoolNumbers::release_all(std::vector<ReleasedNumber>& released) {
  const VerifyOnExit verify(*this);
  for (std::uint32_t id = 0; id < slots_.size(); ++id)
    if (slots_[id].status != SlotStatus::Free) release_slot(id, released);
  idle_queue_.clear();
  lease_queue_.clear();
  quarantine_queue_.clear();
  provisioning_queue_.clear();
  idle_ = leased_ = quarantined_ = provisioning_ = 0;
}

void PoolNumbers::verify_after_mutation() {
  if constexpr (invariants::kEnabled) {
    if (!sampled_check_.due(slots_.size())) return;
    if (const auto violation = check_invariants()) invariants::report_violation("PoolNumbers", *violation);
  }
}

std::optional<std::string> PoolNumbers::check_invariants() const {
  std::size_t counts[6] = {};
  for (const NumberSlot& slot : slots_) ++counts[static_cast<int>(slot.status)];
  const std::size_t overflow = counts[static_cast<int>(SlotStatus::Overflow)];
  if (overflow != (overflow_slot_ ? 1u : 0u)) return "overflow slot count mismatch";
  if (counts[static_cast<int>(SlotStatus::Idle)] != idle_) return fmt::format("idle count {} != {}", counts[3], idle_);
  if (counts[static_cast<int>(SlotStatus::Leased)] != leased_) return "leased count mismatch";
  if (counts[static_cast<int>(SlotStatus::Quarantined)] != quarantined_) return "quarantined count mismatch";
  if (counts[static_cast<int>(SlotStatus::Provisioning)] != provisioning_) return "provisioning count mismatch";
  if (idle_ + leased_ + quarantined_ + provisioning_ + overflow != held_) return "held != sum of states";
  std::size_t live_idle = 0, live_leases = 0;
  for (const TimedEntry& entry : idle_queue_)
    if (slots_[entry.slot].generation == entry.generation && slots_[entry.slot].status == SlotStatus::Idle) ++live_idle;
  for (const TimedEntry& entry : lease_queue_)
    if (slots_[entry.slot].generation == entry.generation && slots_[entry.slot].status == SlotStatus::Leased) ++live_leases;
  if (live_idle != idle_) return "idle queue does not hold each idle number once";
  if (live_leases != leased_) return "lease queue does not hold each lease once";
  return std::nullopt;
}

}  // namespace ringpool::domain
