#include "conformance/property_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::conformance::property {

RunResult check_run_result(const CheckSummary& result, const RunOptions& run, const std::string& target_name,
                           const std::string& reproduce, bool enforce_goals) {
  RunResult out;
  out.tool_version = run.tool_version;
  out.target = target_name;
  out.profile = run.profile;
  out.seed = run.seed;
  out.run_id = run.run_id;
  for (const std::string& name : run.capabilities.present) out.capabilities.push_back(name);
  for (const auto& [name, why] : run.capabilities.absent) out.missing_capabilities.emplace_back(name, why);
  ScenarioResult runs;
  runs.id = "check/random-runs";
  runs.title = fmt::format("{} random runs ({} commands) judged by the permissive model", result.runs, result.commands);
  runs.profile = Profile::Vendor;
  runs.reproduce = reproduce;
  bool goals_failed = false;
  for (const CoverageGoal& goal : coverage_goals()) {
    conformance::CheckResult check;
    check.clause = std::string(goal.clause);
    check.step = "coverage goal";
    check.what = std::string(goal.name);
    check.expected = "reached at least once";
    const bool met = result.coverage.met(goal.name);
    check.actual = met ? fmt::format("reached {} times", result.coverage.reached.at(std::string(goal.name))) : "never reached";
    check.outcome = met || !enforce_goals ? Outcome::Passed : Outcome::Failed;
    goals_failed = goals_failed || check.outcome == Outcome::Failed;
    if (std::find(runs.clauses.begin(), runs.clauses.end(), check.clause) == runs.clauses.end()) runs.clauses.push_back(check.clause);
    runs.checks.push_back(std::move(check));
  }
  runs.outcome = goals_failed ? Outcome::Failed : Outcome::Passed;
  out.scenarios.push_back(std::move(runs));
  if (result.failure) {
    ScenarioResult replay = result.failure->replay;
    replay.id = "regressions/" + regression_file_name(*result.failure);
    out.scenarios.push_back(std::move(replay));
  }
  if (run.deterministic)
    for (ScenarioResult& scenario : out.scenarios) scenario.wall_ms = 0;
  return out;
}

}  // namespace ringpool::conformance::property
