// Deletes what a scenario created, newest first, so that nothing is left behind on a live server
// (the in-process reference starts each scenario afresh anyway).
#pragma once

#include "conformance/runner.hpp"
#include "conformance/scenario_state.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"

namespace ringpool::conformance {

// Answers are not judged: a pool the scenario deleted already answers its repeated delete with
// 200 {} (M-5), and a failure here must not fail the scenario. `listener` (may be null) hears
// every answer, as it hears the steps' (`ringpool check` counts the error classes it sees).
void clean_up(Target& target, const ScenarioState& state, const TargetDescription& description,
              RunListener* listener);

}  // namespace ringpool::conformance
