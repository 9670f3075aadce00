// Scheduler: a deterministic discrete-event queue that owns the virtual clock (spec T-1). Events
// run in (due, kind, creation sequence) order, so the same inputs always replay the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/core/virtual_clock.hpp"

namespace ringpool::sim {

// What an event does, which decides its place among events due at the same instant. T-1's order:
// lease ends, quarantine and aging ends, provisioning completions, local fills and retries,
// autoscaling ticks, month-end shrink. The numeric values are that order; do not renumber.
enum class EventKind : std::uint8_t {
  LeaseEnd = 0,
  QuarantineEnd = 1,
  AgingEnd = 2,
  ProvisioningComplete = 3,
  LocalFill = 4,  // local fills and their retries (L-1, L-4)
  AutoscaleTick = 5,
  MonthEndShrink = 6,
  Other = 7,
};

// "LeaseEnd", "QuarantineEnd", ...; for traces and test messages.
std::string_view event_kind_name(EventKind kind);

// Names one scheduled event so that it can be cancelled. A default-constructed EventId names no
// event (cancel() returns false for it), so it can stand for "nothing scheduled".
class EventId {
 public:
  constexpr EventId() = default;

  // The creation sequence: 1 for the scheduler's first event, then 2, 3, ... (0 = no event).
  constexpr std::uint64_t sequence() const { return sequence_; }
  constexpr bool valid() const { return sequence_ != 0; }
  friend constexpr bool operator==(const EventId&, const EventId&) = default;

 private:
  friend class Scheduler;
  constexpr EventId(std::uint64_t sequence, std::uint32_t slot)
      : sequence_(sequence), slot_(slot) {}

  std::uint64_t sequence_ = 0;
  std::uint32_t slot_ = 0;  // index into the scheduler's action table
};

// Not thread-safe: a scheduler and its clock belong to one simulation, driven from one thread.
// Actions may call schedule() and cancel() on the scheduler that runs them, but not run_until().
class Scheduler {
 public:
  using Action = std::function<void(Instant now)>;

  explicit Scheduler(Instant start = kDefaultEpoch);

  Scheduler(Scheduler&&) noexcept = default;
  Scheduler& operator=(Scheduler&&) noexcept = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler() = default;

  // Queues `action` to run at `due`. A `due` before now() is clamped to now(): the event is
  // overdue, and runs at the next run_until() (or later in the current one, if one is running).
  EventId schedule(Instant due, EventKind kind, Action action);

  // Removes a pending event; it will never run. False if `id` already ran, was already
  // cancelled, or names no event of this scheduler.
  bool cancel(EventId id);

  // The due time of the earliest pending (not cancelled) event.
  std::optional<Instant> next_due() const;
  // Events scheduled and neither run nor cancelled.
  std::size_t pending() const;

  // Runs every event due at or before `t`, in (due, kind, sequence) order, with the clock set to
  // each event's due time while it runs, including events that those actions schedule at or
  // before `t`; then leaves the clock at `t`. So whatever looks at the clock at `t` afterwards
  // sees every event due by `t` applied (T-1). A `t` before now() is a caller bug: asserted in
  // debug builds, ignored (nothing runs) in release builds.
  void run_until(Instant t);

  const VirtualClock& clock() const { return clock_; }
  Instant now() const { return clock_.now(); }

  // The first instant strictly after `after` of the form epoch + k * interval (k any integer),
  // for recurring ticks such as P-7's autoscaling ticks at every multiple of the interval since
  // the Unix epoch. `interval` must be > 0.
  static Instant next_multiple(Instant after, Instant epoch, Duration interval);

 private:
  // A heap entry is a small POD so that sifting moves 24 bytes, not a std::function.
  struct Entry {
    Instant due;
    std::uint64_t sequence;
    std::uint32_t slot;
    EventKind kind;
  };
  struct Slot {
    Action action;
    std::uint64_t sequence = 0;  // of the event occupying the slot; 0 when free
    bool cancelled = false;
  };

  static bool runs_later(const Entry& a, const Entry& b);
  void release_slot(std::uint32_t slot);
  void drop_cancelled_top();
  void compact_if_mostly_cancelled();

  VirtualClock clock_;
  std::vector<Entry> heap_;            // min-heap on (due, kind, sequence) via runs_later
  std::vector<Slot> slots_;            // actions, indexed by Entry::slot
  std::vector<std::uint32_t> free_slots_;
  std::size_t cancelled_in_heap_ = 0;  // cancelled entries not yet removed from heap_
  std::uint64_t next_sequence_ = 1;
  bool running_ = false;               // inside run_until(), to catch re-entry
};

}  // namespace ringpool::sim
