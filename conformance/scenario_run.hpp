// Runs one scenario against a target: decides whether it can run at all (profile, capabilities,
// networks), sets its world, runs its steps in order (each repetition sends, judges, captures),
// cleans up and reaches the scenario's outcome. The jobs themselves live in placeholders,
// request_builder, judging, captures and cleanup.
#pragma once

#include "conformance/results.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario.hpp"
#include "conformance/target.hpp"

#include <optional>
#include <string>

namespace ringpool::conformance {

// `capabilities` starts as options.capabilities; a control endpoint found missing during the
// scenario is moved to its absent ones (and the scenario skipped, with the reason).
// `listener` (may be null) hears every exchange of a step.
// Why `scenario` cannot run with these options and capabilities (its profile, a capability a step
// sent in this profile needs, a network the description lacks), if it cannot.
std::optional<std::string> scenario_unrunnable(const Scenario& scenario, const RunOptions& options,
                                               const Capabilities& capabilities);
// The result of a scenario that did not run, as run_scenario gives it.
ScenarioResult skipped_scenario(const Scenario& scenario, const RunOptions& options, std::string reason);

ScenarioResult run_scenario(Target& target, const Scenario& scenario, const RunOptions& options,
                            Capabilities& capabilities, RunListener* listener);

}  // namespace ringpool::conformance
