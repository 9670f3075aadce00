#include "conformance/runner.hpp"

#include "conformance/redaction.hpp"
#include "conformance/scenario_run.hpp"
#include "reference/world_file/world_toml.hpp"

#include <chrono>

namespace ringpool::conformance {

namespace {

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

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
    if (listener != nullptr) listener->scenario_started(scenarios[i], i, scenarios.size());
    const auto scenario_started = std::chrono::steady_clock::now();
    ScenarioResult result = run_scenario(target, scenarios[i], options, capabilities, listener);
    result.wall_ms = options.deterministic ? 0 : elapsed_ms(scenario_started);
    redactor.redact(result);  // before any listener or report sees it
    if (listener != nullptr) listener->scenario_finished(result, i, scenarios.size());
    run.scenarios.push_back(std::move(result));
  }
  run.capabilities.assign(capabilities.present.begin(), capabilities.present.end());
  run.missing_capabilities.assign(capabilities.absent.begin(), capabilities.absent.end());
  run.wall_ms = options.deterministic ? 0 : elapsed_ms(started);
  return run;
}

}  // namespace ringpool::conformance
