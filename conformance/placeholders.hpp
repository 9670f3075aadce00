// ${...} placeholders in scenario strings: ${run}, ${i}, the step network's ${token}, ${base} and
// friends, ${second.token} for another network, ${pool.<alias>.id|key|name}, ${version} and the
// latest value of a captured list. The names are documented in scenarios/README.md.
#pragma once

#include "conformance/scenario.hpp"
#include "conformance/scenario_state.hpp"
#include "conformance/target_description.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ringpool::conformance {

class Placeholders {
 public:
  Placeholders(const Scenario& scenario, const TargetDescription& description, const ScenarioState& state)
      : scenario_(scenario), description_(description), state_(state) {}

  // Throws PlaceholderError for a name the scenario cannot define, MissingPrerequisite for one an
  // earlier (failed) step should have defined.
  std::string expand(const std::string& text) const;
  nlohmann::json expand_json(const nlohmann::json& value) const;

  // A recorded pool by alias (same errors as expand).
  const PoolRecord& pool(const std::string& alias) const;
  // A network table of the target description ("primary", "second", "bulk", "tags").
  const NetworkContext& network(const std::string& name) const;
  // One field of a network table (token, network, advertiser, campaign, host, base, ...).
  std::string network_field(const NetworkContext& context, std::string_view field) const;

 private:
  std::string lookup(std::string_view name) const;
  static std::string filler(std::string_view count);
  bool declared_capture(std::string_view name) const;

  const Scenario& scenario_;
  const TargetDescription& description_;
  const ScenarioState& state_;
};

}  // namespace ringpool::conformance
