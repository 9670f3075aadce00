#include "conformance/runner.hpp"

#include "conformance/scenario_run.hpp"
#include "reference/api/wire_paths.hpp"
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
  run.capabilities.assign(options.capabilities.begin(), options.capabilities.end());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (listener != nullptr) listener->scenario_started(scenarios[i], i, scenarios.size());
    const auto scenario_started = std::chrono::steady_clock::now();
    ScenarioResult result = run_scenario(target, scenarios[i], options);
    result.wall_ms = options.deterministic ? 0 : elapsed_ms(scenario_started);
    if (listener != nullptr) listener->scenario_finished(result, i, scenarios.size());
    run.scenarios.push_back(std::move(result));
  }
  run.wall_ms = options.deterministic ? 0 : elapsed_ms(started);
  return run;
}

std::set<std::string> probe_capabilities(Target& target, const TargetDescription& description,
                                         const std::string& control_token, bool in_process) {
  std::set<std::string> out = description.capabilities;
  if (description.context("bulk") != nullptr) out.insert(capability::kBulk);
  if (description.context("second") != nullptr) out.insert(capability::kSecondNetwork);
  if (description.context("tags") != nullptr) out.insert(capability::kTagNetwork);
  if (in_process) {
    for (const char* name : {capability::kControl, capability::kWorld, capability::kWhiteBox, capability::kFaultInjection})
      out.insert(name);
    return out;
  }
  api::Request probe = api::make_request("GET", std::string(api::wire::kControlClockPath), {}, {{"X-Control-Token", control_token}});
  const Exchange exchange = target.send(ApiKind::Control, probe);
  if (exchange.response && exchange.response->status == 200) {
    out.insert(capability::kControl);
    auto server = exchange.response->headers.find("Server");
    if (server != exchange.response->headers.end() && server->second.starts_with("ringpool/")) {
      out.insert(capability::kWorld);
      out.insert(capability::kWhiteBox);
      out.insert(capability::kFaultInjection);
    }
  }
  return out;
}

}  // namespace ringpool::conformance
