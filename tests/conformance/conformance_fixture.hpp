// Shared helpers of the conformance tests: the shipped scenarios, and a run of them against a
// target with the default world's description.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/probe.hpp"
#include "conformance/reference_target.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario_parser.hpp"

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <set>
#include <string>

namespace ringpool::conformance {
inline std::ostream& operator<<(std::ostream& out, Outcome outcome) { return out << outcome_name(outcome); }
}  // namespace ringpool::conformance

namespace ringpool::testing {

// Tests run from the source tree (ctest's working directory), so the shipped scenarios are here.
inline const std::vector<conformance::Scenario>& shipped_scenarios() {
  static const std::vector<conformance::Scenario> scenarios = [] {
    auto loaded = conformance::load_scenarios({"scenarios"}, "scenarios", conformance::ClauseCatalogue::builtin());
    for (const std::string& error : loaded.errors) BOOST_TEST_MESSAGE("scenario error: " << error);
    BOOST_REQUIRE(loaded.errors.empty());
    BOOST_REQUIRE(!loaded.scenarios.empty());
    return loaded.scenarios;
  }();
  return scenarios;
}

// Probes `target` as `ringpool conform` does (in process or live alike).
inline conformance::RunOptions run_options(conformance::Profile profile, conformance::Target& target,
                                           const std::string& control_token) {
  conformance::RunOptions options;
  options.profile = profile;
  options.seed = 1;
  options.run_id = "test";
  options.description = conformance::default_world_description();
  options.control_token = control_token;
  options.capabilities = conformance::probe_capabilities(target, options.description, control_token);
  options.deterministic = true;
  options.reproduce_prefix = "ringpool conform --target reference";
  options.tool_version = "test";
  return options;
}

// Every failed or unknown check, one line each, for failure messages.
inline std::string problems_of(const conformance::RunResult& run) {
  std::string out;
  for (const auto& scenario : run.scenarios) {
    if (scenario.outcome != conformance::Outcome::Failed && scenario.outcome != conformance::Outcome::Unknown) continue;
    out += scenario.id + " (" + conformance::outcome_name(scenario.outcome) + ") " + scenario.reason + "\n";
    for (const auto& check : scenario.checks)
      if (check.outcome != conformance::Outcome::Passed)
        out += "  " + check.clause + " " + check.step + ": " + check.what + " expected " + check.expected + " got " +
               check.actual + "\n";
  }
  return out;
}

// Clauses with at least one failed check.
inline std::set<std::string> failed_clauses(const conformance::RunResult& run) {
  std::set<std::string> out;
  for (const auto& scenario : run.scenarios)
    for (const auto& check : scenario.checks)
      if (check.outcome == conformance::Outcome::Failed) out.insert(check.clause);
  return out;
}

}  // namespace ringpool::testing
