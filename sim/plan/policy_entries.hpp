// A policy written back as the [policy] keys of a world file, every knob with the value the run
// used (not only those the plan set), so that reports record the rules a study ran under and a
// study can be rebuilt from its report. Read back by world_file::read_policy_table; a test checks
// that the keys here are exactly the keys that reader allows.
#pragma once

#include "reference/domain/policy.hpp"
#include "sim/plan/plan.hpp"

#include <string>
#include <utility>
#include <vector>

namespace ringpool::sim::plan {

std::vector<std::pair<std::string, KnobValue>> policy_entries_of(const domain::ReferencePolicy& policy);

}  // namespace ringpool::sim::plan
