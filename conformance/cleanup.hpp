// Leaving a live server as the run found it. After each scenario: delete the pools it created,
// newest first, and set Bulk enablement it changed back to what the target file declares. After
// the run (and when it is interrupted): list every campaign the run used, delete any pool of the
// run still there (its creation may have timed out, or its delete failed), and report what could
// not be removed. The in-process targets start each scenario afresh and need none of it.
#pragma once

#include "conformance/runner.hpp"
#include "conformance/scenario.hpp"
#include "conformance/scenario_state.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"

#include <string>
#include <vector>

namespace ringpool::conformance {

// Answers are not judged: a pool the scenario deleted already answers its repeated delete with
// 200 {} (M-5), and a failure here must not fail the scenario. `listener` (may be null) hears
// every answer, as it hears the steps' (`ringpool check` counts the error classes it sees).
// Returns the pools it deleted, or tried to.
std::vector<CreatedPool> clean_up(Target& target, const Scenario& scenario, const ScenarioState& state,
                                  const RunOptions& options, RunListener* listener);

// What the target file declares about Bulk enablement (B-8) for `scope` (network, advertiser or
// affiliate) of `table`: the [bulk] table's advertiser and publisher are bulk-enabled, nothing
// else is.
bool declared_bulk_enabled(const TargetDescription& description, std::string_view table, std::string_view scope);

// Every campaign a scenario of `run` created pools in is listed (every campaign the target file
// declares when some answer never came, or the run was interrupted); a pool whose
// id_from_network starts with one of `prefixes` (the ${run} of each scenario that ran), or that a
// scenario created, is deleted (once more) and looked for again. Returns "[table]
// campaign/id: why" for each one still there.
std::vector<std::string> remove_run_leftovers(Target& target, const TargetDescription& description,
                                              const std::vector<std::string>& prefixes, const RunResult& run);

}  // namespace ringpool::conformance
