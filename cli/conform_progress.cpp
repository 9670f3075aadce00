#include "cli/conform_progress.hpp"

#include "conformance/verdict.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <map>

namespace ringpool::cli {

using namespace ringpool::conformance;

namespace {

constexpr std::size_t kFailuresShown = 5;

const char* label(Verdict verdict) {
  switch (verdict) {
    case Verdict::Passed: return "pass";
    case Verdict::Failed: return "FAIL";
    case Verdict::KnownFailure: return "known";
    case Verdict::Skipped: return "skip";
    case Verdict::Unknown: return "UNKNOWN";
  }
  return "?";
}

}  // namespace

ConformProgress::ConformProgress(bool quiet, std::size_t total, const RunResult* baseline)
    : quiet_(quiet), width_(std::to_string(total).size()), baseline_(baseline) {}

void ConformProgress::announce(const std::string& target, const std::string& profile, std::uint64_t seed,
                               const Capabilities& capabilities) const {
  fmt::print("ringpool conform: target {}, profile {}, seed {}\n", target, profile, seed);
  fmt::print("capabilities: {}\n",
             capabilities.present.empty() ? "(none)" : fmt::format("{}", fmt::join(capabilities.present, ", ")));
  if (!quiet_)
    for (const auto& [name, why] : capabilities.absent) fmt::print("  without {}: {}\n", name, why);
  std::fflush(stdout);
}

void ConformProgress::scenario_finished(const ScenarioResult& result, std::size_t index, std::size_t total) {
  // This scenario's verdict, as the reports will give it: a run of one, compared with the baseline.
  RunResult alone;
  alone.scenarios.push_back(result);
  if (baseline_ != nullptr && result.outcome == Outcome::Failed)
    alone.known_failures = reports::compare_with_baseline(alone, *baseline_).known_failure_scenarios;
  const Verdict verdict = scenario_verdict(alone, result);
  const bool interesting = verdict == Verdict::Failed || verdict == Verdict::Unknown;
  if (quiet_ && !interesting) return;
  fmt::print("[{:>{}}/{}] {:<7} {}", index + 1, width_, total, label(verdict), result.id);
  if (result.outcome == Outcome::Skipped) fmt::print(" — {}", result.reason);
  if (result.outcome == Outcome::Passed && result.wall_ms > 0) fmt::print(" ({:.0f} ms)", result.wall_ms);
  fmt::print("\n");
  if (interesting) {
    std::size_t shown = 0;
    for (const CheckResult& check : result.checks) {
      if (check.outcome == Outcome::Passed) continue;
      if (shown++ == kFailuresShown) {
        fmt::print("      … more in the report\n");
        break;
      }
      fmt::print("      {} [{}] {}: {}\n        expected {}\n        got      {}\n", check.clause, level_name(check.level),
                 check.step, check.what, check.expected, check.actual);
    }
    if (!result.reason.empty() && shown == 0) fmt::print("      {}\n", result.reason);
    fmt::print("      reproduce: {}\n", result.reproduce);
  }
  std::fflush(stdout);
}

void ConformProgress::baseline(const reports::BaselineComparison& comparison) const {
  fmt::print("baseline: {} new failure(s), {} known, {} fixed\n", comparison.new_failures.size(),
             comparison.known_failures.size(), comparison.fixed.size());
  for (const std::string& failure : comparison.new_failures) fmt::print("  new: {}\n", failure);
}

void ConformProgress::summary(const RunResult& run, const std::vector<ClauseCoverage>& coverage) const {
  const RunSummary summary = run.summary();
  std::map<Coverage, std::size_t> counts;
  for (const ClauseCoverage& entry : coverage) ++counts[entry.coverage];
  const RunVerdict verdict = run_verdict(run);
  const std::string known = verdict.known_failures > 0 || baseline_ != nullptr
                                ? fmt::format("{} known failures (in the baseline), ", verdict.known_failures)
                                : "";
  fmt::print("\nscenarios: {} passed, {} failed, {}{} skipped, {} unknown (of {})\n", verdict.passed, verdict.failed, known,
             verdict.skipped, verdict.unknown, run.scenarios.size());
  fmt::print("checks:    {} passed, {} failed, {} unknown\n", summary.checks_passed, summary.checks_failed,
             summary.checks_unknown);
  fmt::print("clauses:   {} checked, {} failed, {} unknown, {} skipped, {} not covered, {} not black-box testable (of {})\n",
             counts[Coverage::Checked], counts[Coverage::Failed], counts[Coverage::Unknown], counts[Coverage::Skipped],
             counts[Coverage::NotCovered], counts[Coverage::NotBlackBox], coverage.size());
  if (run.wall_ms > 0) fmt::print("time:      {:.2f} s\n", run.wall_ms / 1000.0);
  const char* overall = verdict.overall == Verdict::Failed    ? "failed"
                        : verdict.overall == Verdict::Unknown ? "inconclusive: some results are unknown (timeouts or dropped connections), not a pass"
                                                              : "passed";
  fmt::print("verdict:   {} (exit status {})\n", overall, verdict.exit_status);
}

}  // namespace ringpool::cli
