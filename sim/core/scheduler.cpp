#include "sim/core/scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <tuple>
#include <utility>

namespace ringpool::sim {

namespace {
// Below this many cancelled entries the heap is never compacted: rebuilding a small heap saves
// nothing, and lazy removal at the top handles the common cancel-soon-after-schedule case.
constexpr std::size_t kMinCancelledToCompact = 1024;
}  // namespace

std::string_view event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::LeaseEnd: return "LeaseEnd";
    case EventKind::QuarantineEnd: return "QuarantineEnd";
    case EventKind::AgingEnd: return "AgingEnd";
    case EventKind::ProvisioningComplete: return "ProvisioningComplete";
    case EventKind::LocalFill: return "LocalFill";
    case EventKind::AutoscaleTick: return "AutoscaleTick";
    case EventKind::MonthEndShrink: return "MonthEndShrink";
    case EventKind::Other: return "Other";
  }
  return "Unknown";
}

Scheduler::Scheduler(Instant start) : clock_(start) {}

// std heap algorithms build a max-heap on their comparator; ordering by "runs later" puts the
// event that runs first at the front. Sequences are unique, so the order is total and the heap's
// internal layout never influences which event runs next.
bool Scheduler::runs_later(const Entry& a, const Entry& b) {
  return std::tie(a.due, a.kind, a.sequence) > std::tie(b.due, b.kind, b.sequence);
}

EventId Scheduler::schedule(Instant due, EventKind kind, Action action) {
  assert(action && "Scheduler::schedule: empty action");
  due = std::max(due, clock_.now());

  std::uint32_t slot = 0;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    assert(slots_.size() < std::numeric_limits<std::uint32_t>::max());
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  const std::uint64_t sequence = next_sequence_++;
  slots_[slot].action = std::move(action);
  slots_[slot].sequence = sequence;
  slots_[slot].cancelled = false;

  heap_.push_back(Entry{due, sequence, slot, kind});
  std::push_heap(heap_.begin(), heap_.end(), runs_later);
  return EventId(sequence, slot);
}

bool Scheduler::cancel(EventId id) {
  if (!id.valid() || id.slot_ >= slots_.size()) return false;
  Slot& slot = slots_[id.slot_];
  // A slot is reused once its event ran or left the heap; the sequence tells a stale id apart.
  if (slot.sequence != id.sequence_ || slot.cancelled) return false;
  slot.cancelled = true;
  slot.action = nullptr;  // drop captured state now rather than when the entry reaches the top
  ++cancelled_in_heap_;
  drop_cancelled_top();
  compact_if_mostly_cancelled();
  return true;
}

std::optional<Instant> Scheduler::next_due() const {
  // drop_cancelled_top() keeps the front live, so the front is the answer.
  if (heap_.empty()) return std::nullopt;
  return heap_.front().due;
}

std::size_t Scheduler::pending() const { return heap_.size() - cancelled_in_heap_; }

void Scheduler::run_until(Instant t) {
  assert(!running_ && "Scheduler::run_until: called from inside an event action");
  assert(t >= clock_.now() && "Scheduler::run_until: time cannot go backwards");
  if (running_ || t < clock_.now()) return;

  // Cleared even if an action throws, so the scheduler stays usable after the exception.
  struct RunningFlag {
    bool& flag;
    explicit RunningFlag(bool& f) : flag(f) { flag = true; }
    ~RunningFlag() { flag = false; }
    RunningFlag(const RunningFlag&) = delete;
    RunningFlag& operator=(const RunningFlag&) = delete;
  } running(running_);

  while (!heap_.empty() && heap_.front().due <= t) {
    std::pop_heap(heap_.begin(), heap_.end(), runs_later);
    const Entry entry = heap_.back();
    heap_.pop_back();
    assert(!slots_[entry.slot].cancelled);  // drop_cancelled_top() keeps the front live
    // Take the action out and free its slot before running it: the action may schedule (which
    // can grow slots_ and reuse this slot) and cancelling its own id must report "already run".
    Action action = std::move(slots_[entry.slot].action);
    release_slot(entry.slot);
    drop_cancelled_top();

    // Clamping in schedule() guarantees entry.due >= now, so the clock only moves forward.
    clock_.advance_to(entry.due);
    if (action) action(entry.due);
  }
  clock_.advance_to(t);
}

Instant Scheduler::next_multiple(Instant after, Instant epoch, Duration interval) {
  assert(interval > 0 && "Scheduler::next_multiple: interval must be positive");
  const Duration offset = after - epoch;
  // Floor division, so instants before the epoch land on the right multiple too.
  Duration whole = offset / interval;
  if (offset % interval != 0 && offset < 0) --whole;
  return epoch + (whole + 1) * interval;
}

void Scheduler::release_slot(std::uint32_t slot) {
  slots_[slot].action = nullptr;
  slots_[slot].sequence = 0;
  slots_[slot].cancelled = false;
  free_slots_.push_back(slot);
}

// Keeps the invariant that the heap's front is a live event, which makes next_due() O(1) and
// const, and lets run_until() run whatever it pops.
void Scheduler::drop_cancelled_top() {
  while (!heap_.empty() && slots_[heap_.front().slot].cancelled) {
    std::pop_heap(heap_.begin(), heap_.end(), runs_later);
    release_slot(heap_.back().slot);
    heap_.pop_back();
    --cancelled_in_heap_;
  }
}

// Cancelled entries deep in the heap would otherwise stay until their due time (a lease cancelled
// a day early, say). Rebuilding once they are the majority costs O(n) per n/2 cancels: O(1)
// amortised, and memory stays proportional to the live events.
void Scheduler::compact_if_mostly_cancelled() {
  if (cancelled_in_heap_ < kMinCancelledToCompact || cancelled_in_heap_ * 2 <= heap_.size()) return;
  std::erase_if(heap_, [this](const Entry& entry) {
    if (!slots_[entry.slot].cancelled) return false;
    release_slot(entry.slot);
    return true;
  });
  cancelled_in_heap_ = 0;
  std::make_heap(heap_.begin(), heap_.end(), runs_later);
}

}  // namespace ringpool::sim
