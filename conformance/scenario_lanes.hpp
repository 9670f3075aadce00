// Which scenarios may run at the same time against one live server (`ringpool conform --jobs N`).
// Every scenario works in pools of its own, but some share more than that: the server's clock, its
// whole state, Bulk enablement, or what a campaign's list holds. A scenario's lane says what it
// shares, derived from its steps (as its capabilities are, so a scenario cannot forget it):
//
//   independent      management requests only: answers do not depend on the clock
//   time-sensitive   allocations, Bulk, local pools, the clock or a pool's inspection: answers
//                    depend on the clock not moving under it (leases, autoscaling ticks, fills)
//   clock-mover      advances the clock (every other time-sensitive scenario would see it move)
//   exclusive        replaces the world (reset), switches Bulk enablement, or judges a campaign's
//                    whole list: runs with nothing else in flight
//
// How lanes share the server is LaneGate's business (lane_gate.hpp).
#pragma once

#include "conformance/results.hpp"
#include "conformance/scenario.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace ringpool::conformance {

enum class Lane { Independent, TimeSensitive, ClockMover, Exclusive };
const char* lane_name(Lane lane);  // "independent", "time-sensitive", "clock-mover", "exclusive"

struct LanePlacement {
  Lane lane = Lane::Independent;
  std::string why;  // the step that decided it ("step 4: advance 601 s"), empty for independent
  // For a clock-mover: the index in scenario.steps of its last step that moves the clock; once
  // that step is done, others may use the clock again (what follows only reads it).
  std::optional<std::size_t> last_clock_step;
};

// The lane of `scenario` when run in `profile` (steps that are not sent in it do not count).
LanePlacement lane_of(const Scenario& scenario, Profile profile);

// True when the step moves the clock (an advance, or a request to the control API's advance).
bool moves_clock(const Step& step);

// About how many requests the scenario sends in `profile` (steps times their repeats, and one
// clean-up request per pool it creates), for a run's estimate of the time left.
std::size_t estimated_requests(const Scenario& scenario, Profile profile);

}  // namespace ringpool::conformance
