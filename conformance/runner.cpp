#include "conformance/runner.hpp"

#include "conformance/cleanup.hpp"
#include "conformance/redaction.hpp"
#include "conformance/scenario_run.hpp"
#include "reference/world_file/world_toml.hpp"

#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <chrono>

namespace ringpool::conformance {

namespace {

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

std::string scenario_run_prefix(const std::string& run_id, const std::string& scenario_id) {
  return fmt::format("{}-{}", run_id, sim::Rng(sim::fnv1a64(scenario_id)).hex(6));
}

std::optional<std::string> scenario_world(const Scenario& scenario) {
  if (scenario.world) return scenario.world;
  if (scenario.world_append) return std::string(world_file::default_world_toml()) + "\n" + *scenario.world_append + "\n";
  return std::nullopt;
}

RunResult run_scenarios(Target& target, const std::vector<Scenario>& scenarios, const RunOptions& options,
                        RunListener* listener) {
  const auto started = std::chrono::steady_clock::now();
  RunResult run;
  run.tool_version = options.tool_version;
  run.target = target.describe();
  run.profile = options.profile;
  run.seed = options.seed;
  run.run_id = options.run_id;
  Capabilities capabilities = options.capabilities;
  const Redactor redactor(options.description, options.control_token);
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (options.interrupted != nullptr && options.interrupted->load()) {
      run.interrupted = true;
      break;
    }
    if (listener != nullptr) listener->scenario_started(scenarios[i], i, scenarios.size());
    const auto scenario_started = std::chrono::steady_clock::now();
    ScenarioResult result = run_scenario(target, scenarios[i], options, capabilities, listener);
    result.wall_ms = options.deterministic ? 0 : elapsed_ms(scenario_started);
    redactor.redact(result);  // before any listener or report sees it
    if (listener != nullptr) listener->scenario_finished(result, i, scenarios.size());
    run.scenarios.push_back(std::move(result));
  }
  if (options.interrupted != nullptr && options.interrupted->load()) run.interrupted = true;
  if (!target.begins_afresh()) {
    // Only the prefixes of the scenarios this call ran: runs alongside (check's jobs) keep theirs.
    std::vector<std::string> prefixes;
    for (const ScenarioResult& result : run.scenarios) prefixes.push_back(scenario_run_prefix(options.run_id, result.id));
    run.leftover_pools = remove_run_leftovers(target, options.description, prefixes, run);
  }
  run.capabilities.assign(capabilities.present.begin(), capabilities.present.end());
  run.missing_capabilities.assign(capabilities.absent.begin(), capabilities.absent.end());
  run.wall_ms = options.deterministic ? 0 : elapsed_ms(started);
  return run;
}

}  // namespace ringpool::conformance
