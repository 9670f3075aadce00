#include "conformance/property_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::conformance::property {

RunResult check_run_result(const CheckSummary& result, const CheckOptions& options, const std::string& target_name,
                           const std::string& reproduce, bool enforce_goals) {
  const RunOptions& run = options.run;
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
    const std::string_view off = goal_out_of_reach(goal.name, options.limits);
    check.actual = met            ? fmt::format("reached {} times", result.coverage.reached.at(std::string(goal.name)))
                   : off.empty() ? std::string("never reached")
                                 : fmt::format("off: {}", off);
    check.outcome = met || !off.empty() || !enforce_goals ? Outcome::Passed : Outcome::Failed;
    goals_failed = goals_failed || check.outcome == Outcome::Failed;
    if (std::find(runs.clauses.begin(), runs.clauses.end(), check.clause) == runs.clauses.end()) runs.clauses.push_back(check.clause);
    runs.checks.push_back(std::move(check));
  }
  // Every run with the swarm configuration it drew (seed and run number reproduce it).
  bool run_failed = false;
  for (const RunRecord& record : result.run_log) {
    conformance::CheckResult check;
    check.clause = record.clause.empty() ? "-" : record.clause;
    check.step = fmt::format("run {}", record.index + 1);
    check.what = "swarm";
    check.expected = fmt::format("seed {} run {}: passes", run.seed, record.index + 1);
    check.actual = fmt::format("{} commands; swarm: {}", record.commands, record.swarm);
    check.outcome = record.outcome == Outcome::Failed ? Outcome::Failed : Outcome::Passed;
    run_failed = run_failed || check.outcome == Outcome::Failed;
    runs.checks.push_back(std::move(check));
  }
  runs.outcome = goals_failed || run_failed ? Outcome::Failed : Outcome::Passed;
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
