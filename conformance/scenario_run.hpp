// Runs one scenario against a target: decides whether it can run at all (profile, capabilities,
// networks), sets its world, runs its steps in order (each repetition sends, judges, captures),
// cleans up and reaches the scenario's outcome. The jobs themselves live in placeholders,
// request_builder, judging, captures and cleanup.
#pragma once

#include "conformance/results.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario.hpp"
#include "conformance/target.hpp"

namespace ringpool::conformance {

// `capabilities` starts as options.capabilities; a control endpoint found missing during the
// scenario is moved to its absent ones (and the scenario skipped, with the reason).
// `listener` (may be null) hears every exchange of a step.
ScenarioResult run_scenario(Target& target, const Scenario& scenario, const RunOptions& options,
                            Capabilities& capabilities, RunListener* listener);

}  // namespace ringpool::conformance
