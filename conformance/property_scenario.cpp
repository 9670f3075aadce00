#include "conformance/property_scenario.hpp"

#include "conformance/property_translator.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <sstream>

namespace ringpool::conformance::property {

// One pool of each type in the network's second campaign (W-5): 4 numbers, filled at once.
std::string typed_pools_world() {
  std::string out;
  for (std::size_t type = 0; type < kPoolTypes.size(); ++type)
    out += fmt::format("[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv-1\"\ncampaign = \"camp-2\"\nid_from_network = \"check-type-{}\"\n"
                       "type = \"{}\"\nmax_pool_size = 4\nfill_immediately = true\nallow_overflow = true\n\n",
                       type, kPoolTypes[type]);
  // And one of each other type in the bulk campaign, served by Bulk (B-9: Bulk serves Custom only).
  for (std::size_t type = 1; type < kPoolTypes.size(); ++type)
    out += fmt::format("[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv-bulk\"\ncampaign = \"camp-bulk\"\nid_from_network = \"check-bulk-type-{}\"\n"
                       "type = \"{}\"\nserved_by = \"bulk\"\nmax_pool_size = 4\nfill_immediately = true\nallow_overflow = true\n\n",
                       type, kPoolTypes[type]);
  return out;
}

std::vector<Command> effective_commands(const std::vector<Command>& commands, const GeneratorLimits& limits) {
  return Translator(commands, limits).kept;
}

toml::table scenario_table(const std::vector<Command>& commands, const ScenarioOrigin& origin, std::size_t* kept,
                           const GeneratorLimits& limits) {
  Translator translated(commands, limits);
  if (kept != nullptr) *kept = translated.kept.size();
  toml::table root;
  root.insert_or_assign("title", origin.title);
  root.insert_or_assign("description", origin.description);
  root.insert_or_assign("clauses", string_array(std::vector<std::string>(translated.out.clauses().begin(), translated.out.clauses().end())));
  root.insert_or_assign("profile", "vendor");
  toml::array requires_caps;
  if (translated.bulk) requires_caps.push_back("bulk");
  if (translated.advances) requires_caps.push_back("clock-advance");
  if (translated.second) requires_caps.push_back("second-network");
  if (translated.tags) requires_caps.push_back("tag-network");
  if (translated.world || translated.faults) requires_caps.push_back("world");
  if (translated.faults) requires_caps.push_back("fault-injection");
  std::string world_append = translated.world ? typed_pools_world() : "";
  if (translated.faults) world_append += "[faults]\ninternal_error_probability = 1.0\n";
  if (!world_append.empty()) root.insert_or_assign("world_append", world_append);
  if (!requires_caps.empty()) root.insert_or_assign("requires", std::move(requires_caps));
  // P-6's lower bound holds where the target declares its inventory (T-5): conform skips the
  // saved file elsewhere.
  if (translated.relies_on_filled_pools()) root.insert_or_assign("relies_on", toml::array{"filled-pools"});
  if (!translated.out.empty()) root.insert_or_assign("step", translated.out.take_steps());
  return root;
}

std::string scenario_toml(const std::vector<Command>& commands, const ScenarioOrigin& origin, const GeneratorLimits& limits) {
  std::ostringstream out;
  out << toml::toml_formatter(scenario_table(commands, origin, nullptr, limits), toml::format_flags::none) << "\n";
  return out.str();
}

}  // namespace ringpool::conformance::property
