// VirtualClock: the simulator's only source of "now" (spec T-1), a millisecond Instant that moves
// forward only when told to, so that runs are reproducible and never read the wall clock.
#pragma once

#include <cassert>

#include "sim/core/time.hpp"

namespace ringpool::sim {

// Not thread-safe: one clock belongs to one simulation, driven from one thread.
class VirtualClock {
 public:
  constexpr explicit VirtualClock(Instant start = kDefaultEpoch) : now_(start) {}

  constexpr Instant now() const { return now_; }

  // Moves the clock to `t`. Time never runs backwards: a `t` before now() is a caller bug, caught
  // by the assert in debug builds and ignored (the clock stays put) in release builds.
  constexpr void advance_to(Instant t) {
    assert(t >= now_ && "VirtualClock::advance_to: time cannot go backwards");
    if (t > now_) now_ = t;
  }

 private:
  Instant now_;
};

}  // namespace ringpool::sim
