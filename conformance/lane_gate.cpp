#include "conformance/lane_gate.hpp"

#include <cassert>
#include <numeric>

namespace ringpool::conformance {

namespace {

std::size_t index_of(Lane lane) { return static_cast<std::size_t>(lane); }

}  // namespace

std::size_t LaneGate::in_flight() const { return std::accumulate(running_.begin(), running_.end(), std::size_t{0}); }

bool LaneGate::may_start(Lane lane) const {
  if (running_[index_of(Lane::Exclusive)] > 0) return false;
  switch (lane) {
    case Lane::Exclusive: return in_flight() == 0;
    case Lane::ClockMover:
    case Lane::TimeSensitive: return !clock_held_;
    case Lane::Independent: return true;
  }
  return false;
}

void LaneGate::start(Lane lane) {
  assert(may_start(lane));
  ++running_[index_of(lane)];
  if (lane == Lane::ClockMover) clock_held_ = true;
}

bool LaneGate::may_move_clock() const {
  // The mover itself is one of the clock-movers in flight; a finished mover's scenario still
  // reading after its last clock step counts as time-sensitive until it ends.
  return running_[index_of(Lane::TimeSensitive)] + running_[index_of(Lane::ClockMover)] == 1;
}

void LaneGate::release_clock() { clock_held_ = false; }

void LaneGate::steps_done(Lane lane, bool held_clock) {
  assert(lane != Lane::Exclusive && running_[index_of(lane)] > 0);
  --running_[index_of(lane)];
  ++running_[index_of(Lane::Independent)];
  if (lane == Lane::ClockMover && held_clock) clock_held_ = false;
}

void LaneGate::finish(Lane lane, bool held_clock) {
  assert(running_[index_of(lane)] > 0);
  --running_[index_of(lane)];
  if (lane == Lane::ClockMover && held_clock) clock_held_ = false;
}

}  // namespace ringpool::conformance
