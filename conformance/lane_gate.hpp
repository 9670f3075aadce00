// When a scenario of each lane (scenario_lanes.hpp) may start, and when a clock-mover may move
// the clock, so that scenarios running at the same time against one live server never see what
// another does to what they share. Pure bookkeeping, no threads: the runner asks and waits.
//
// Rules (a scenario is "in flight" from start() to finish()):
//   - exclusive:      starts only when nothing is in flight; nothing starts while it runs.
//   - clock-mover:    starts when no exclusive runs and no other clock-mover holds the clock; it
//                     holds the clock from its start until its last clock step is done
//                     (release_clock), and moves it only when no other time-sensitive scenario or
//                     clock-mover is in flight (may_move_clock): those started earlier finish
//                     first, and none starts while the clock is held.
//   - time-sensitive: starts when no exclusive runs and no clock-mover holds the clock.
//   - independent:    starts whenever no exclusive runs.
// So no time-sensitive scenario ever sees the clock move, and no scenario sees a world reset or
// Bulk switched under it. Nothing waits on a scenario that waits: no deadlock.
#pragma once

#include "conformance/scenario_lanes.hpp"

#include <array>
#include <cstddef>

namespace ringpool::conformance {

class LaneGate {
 public:
  bool may_start(Lane lane) const;
  void start(Lane lane);
  // A clock-mover about to move the clock: true when it is the only scenario in flight that the
  // clock matters to.
  bool may_move_clock() const;
  // A clock-mover's last clock step is done (or it ended early): others may use the clock.
  void release_clock();
  // `lane`'s scenario has run its steps and only cleans up now (deletes its own pools), which the
  // clock does not matter to: from here on it counts as independent (a clock-mover that still
  // held the clock releases it). Not for exclusive scenarios: their clean-up restores the world.
  void steps_done(Lane lane, bool held_clock);
  // `lane`'s scenario is done (`lane`: independent after steps_done); a clock-mover that still
  // held the clock releases it.
  void finish(Lane lane, bool held_clock);

  std::size_t in_flight() const;
  bool clock_held() const { return clock_held_; }

 private:
  std::array<std::size_t, 4> running_{};  // by Lane
  bool clock_held_ = false;
};

}  // namespace ringpool::conformance
