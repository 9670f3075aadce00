#include "reports/baseline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace ringpool::reports {

namespace {

using conformance::Outcome;
using conformance::RunResult;
using conformance::ScenarioResult;

struct FailureKey {
  std::string scenario, clause, step, what;
  auto operator<=>(const FailureKey&) const = default;
};

std::string describe(const FailureKey& key) {
  std::string location = key.clause;
  if (!key.step.empty()) location += (location.empty() ? "" : " ") + key.step;
  if (location.empty()) return fmt::format("{}: {}", key.scenario, key.what);
  return fmt::format("{}: {}: {}", key.scenario, location, key.what);
}

// The failures of one scenario, in check order, without duplicates.
std::vector<FailureKey> failures_of(const ScenarioResult& scenario) {
  std::vector<FailureKey> out;
  if (scenario.outcome == Outcome::Unknown || scenario.outcome == Outcome::Skipped) return out;
  for (const conformance::CheckResult& check : scenario.checks) {
    if (check.outcome != Outcome::Failed) continue;
    FailureKey key{scenario.id, check.clause, check.step, check.what};
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
  }
  if (out.empty() && scenario.outcome == Outcome::Failed)
    out.push_back({scenario.id, "", "", scenario.reason.empty() ? std::string("scenario failed") : scenario.reason});
  return out;
}

}  // namespace

BaselineComparison compare_with_baseline(const RunResult& current, const RunResult& baseline) {
  std::set<FailureKey> baseline_failures;
  for (const ScenarioResult& scenario : baseline.scenarios)
    for (FailureKey& key : failures_of(scenario)) baseline_failures.insert(std::move(key));

  BaselineComparison out;
  std::set<FailureKey> current_failures;
  std::map<std::string, Outcome, std::less<>> current_outcomes;
  for (const ScenarioResult& scenario : current.scenarios) {
    current_outcomes.emplace(scenario.id, scenario.outcome);
    bool any_new = false, any_known = false;
    for (FailureKey& key : failures_of(scenario)) {
      if (baseline_failures.contains(key)) {
        out.known_failures.push_back(describe(key));
        any_known = true;
      } else {
        out.new_failures.push_back(describe(key));
        any_new = true;
      }
      current_failures.insert(std::move(key));
    }
    if (any_known && !any_new) out.known_failure_scenarios.push_back(scenario.id);
  }

  std::set<FailureKey> reported_fixed;
  for (const ScenarioResult& scenario : baseline.scenarios) {
    const auto outcome = current_outcomes.find(scenario.id);
    // Only a scenario that ran to a verdict now can show that a failure went away.
    if (outcome == current_outcomes.end() || (outcome->second != Outcome::Passed && outcome->second != Outcome::Failed)) continue;
    for (FailureKey& key : failures_of(scenario)) {
      if (current_failures.contains(key) || reported_fixed.contains(key)) continue;
      out.fixed.push_back(describe(key));
      reported_fixed.insert(std::move(key));
    }
  }
  return out;
}

std::vector<std::string> coverage_regressions(const conformance::ClauseCatalogue& catalogue, const RunResult& current,
                                              const RunResult& baseline) {
  using conformance::Coverage;
  std::vector<std::string> out;
  const auto before = conformance::compute_sentence_coverage(catalogue, baseline);
  const auto now = conformance::compute_sentence_coverage(catalogue, current);
  for (std::size_t i = 0; i < before.size() && i < now.size(); ++i) {
    if (before[i].coverage != Coverage::Checked || now[i].coverage == Coverage::Checked || now[i].coverage == Coverage::Failed)
      continue;
    const conformance::Sentence& sentence = *now[i].sentence;
    std::string why;
    for (const ScenarioResult& scenario : current.scenarios) {
      if (std::find(sentence.checked_by.begin(), sentence.checked_by.end(), scenario.id) == sentence.checked_by.end()) continue;
      if (!scenario.reason.empty()) {
        why = fmt::format("{}: {}", scenario.id, scenario.reason);
        break;
      }
    }
    if (why.empty()) why = "no scenario that checks it ran";
    out.push_back(fmt::format("{} was checked in the baseline and is {} now ({})", sentence.id,
                              conformance::coverage_name(now[i].coverage), why));
  }
  for (const std::string& capability : baseline.capabilities) {
    if (std::find(current.capabilities.begin(), current.capabilities.end(), capability) != current.capabilities.end()) continue;
    std::string why = "the target does not have it";
    for (const auto& [name, reason] : current.missing_capabilities)
      if (name == capability) why = reason;
    out.push_back(fmt::format("capability '{}' was there in the baseline run and is missing now ({})", capability, why));
  }
  return out;
}

}  // namespace ringpool::reports
