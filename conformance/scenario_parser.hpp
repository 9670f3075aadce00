// Reads scenario TOML files into Scenario values. Every mistake in a file (bad TOML, an unknown
// step kind, an unknown key, a value of the wrong type, an unknown clause) is reported with the
// file, the line and what was expected; nothing is guessed.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/scenario.hpp"

#include <toml++/toml.h>

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance {

// `id` is the scenario's name in reports (its path under the scenarios root).
std::expected<Scenario, std::string> parse_scenario(std::string_view toml_text, const std::string& path,
                                                    const std::string& id, const ClauseCatalogue& catalogue);

// The same from a table already in memory (`ringpool check` runs the tables its model builds,
// without printing and re-parsing them); errors then name no line.
std::expected<Scenario, std::string> parse_scenario_table(const toml::table& root, const std::string& path,
                                                          const std::string& id, const ClauseCatalogue& catalogue);

struct LoadedScenarios {
  std::vector<Scenario> scenarios;  // sorted by id
  std::vector<std::string> errors;  // one per bad file ("file:line: what")
};

// Each argument is a directory (searched recursively for *.toml, README excluded) or a file.
// A scenario's id is its path relative to the directory it was found under (a file given directly
// is named by its path relative to `root`, or as given when outside it).
LoadedScenarios load_scenarios(const std::vector<std::filesystem::path>& paths, const std::filesystem::path& root,
                               const ClauseCatalogue& catalogue);

}  // namespace ringpool::conformance
