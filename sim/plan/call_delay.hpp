// The delay from a visit to its call (issue 9's call models): exponential, log-normal or an
// empirical list, with an optional long tail (a share of callers who ring much later, e.g. the
// next day). Drawn from raw bits of the run's "delays" stream.
#pragma once

#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/plan/plan.hpp"

namespace ringpool::sim::plan {

class CallDelay {
 public:
  CallDelay(const Calls& calls, Rng rng) : calls_(calls), rng_(rng) {}

  // One delay, in milliseconds (>= 0).
  Duration draw();

 private:
  double standard_normal();

  const Calls& calls_;
  Rng rng_;
};

}  // namespace ringpool::sim::plan
