#include "cli/conform_progress.hpp"

#include "conformance/verdict.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ringpool::cli {

using namespace ringpool::conformance;

namespace {

constexpr std::size_t kFailuresShown = 5;
// The first estimate once this much has run (some requests are in by then), then one a while.
constexpr double kFirstEstimateSeconds = 5;
constexpr double kLogEstimateEverySeconds = 30;
constexpr double kTerminalEstimateEverySeconds = 1;

const char* label(Verdict verdict) {
  switch (verdict) {
    case Verdict::Passed: return "pass";
    case Verdict::Failed: return "FAIL";
    case Verdict::KnownFailure: return "known";
    case Verdict::Skipped: return "skip";
    case Verdict::Unknown:
    case Verdict::Incomplete: return "UNKNOWN";
  }
  return "?";
}

std::function<std::chrono::duration<double>()> steady_elapsed() {
  const auto start = std::chrono::steady_clock::now();
  return [start] { return std::chrono::steady_clock::now() - start; };
}

}  // namespace

std::string duration_words(double seconds) {
  const long long whole = std::llround(std::max(seconds, 0.0));
  if (whole < 60) return fmt::format("{} s", whole);
  if (whole < 3600) return fmt::format("{} min {:02} s", whole / 60, whole % 60);
  return fmt::format("{} h {:02} min", whole / 3600, whole % 3600 / 60);
}

ConformProgress::ConformProgress(ProgressSettings settings, std::size_t total, const RunResult* baseline)
    : settings_(std::move(settings)), width_(std::to_string(total).size()), baseline_(baseline), scenarios_total_(total) {
  if (!settings_.elapsed) settings_.elapsed = steady_elapsed();
}

void ConformProgress::announce(const std::string& target, const std::string& profile, std::uint64_t seed,
                               const Capabilities& capabilities) const {
  fmt::print("ringpool conform: target {}, profile {}, seed {}\n", target, profile, seed);
  fmt::print("capabilities: {}\n",
             capabilities.present.empty() ? "(none)" : fmt::format("{}", fmt::join(capabilities.present, ", ")));
  if (!settings_.quiet)
    for (const auto& [name, why] : capabilities.absent) fmt::print("  without {}: {}\n", name, why);
  std::fflush(stdout);
}

std::string ConformProgress::time_left() const {
  if (requests_done_ == 0) return {};
  const double elapsed = settings_.elapsed().count();
  // Requests are the unit of work: against a slow server each costs about the same, whatever
  // scenario sends it; the rate so far includes the scenarios running side by side.
  const std::size_t expected = std::max(requests_expected_, requests_done_);
  const double left = elapsed * static_cast<double>(expected - requests_done_) / static_cast<double>(requests_done_);
  return fmt::format("about {} left", duration_words(left));
}

void ConformProgress::show_time_left() {
  if (settings_.quiet) return;
  const double elapsed = settings_.elapsed().count();
  const double every = settings_.terminal ? kTerminalEstimateEverySeconds : kLogEstimateEverySeconds;
  if (elapsed < kFirstEstimateSeconds || (last_shown_seconds_ >= 0 && elapsed - last_shown_seconds_ < every)) return;
  last_shown_seconds_ = elapsed;
  const std::string line = fmt::format("progress: {}/{} scenarios, {} of about {} requests in {}, {}", scenarios_done_,
                                       scenarios_total_, requests_done_, std::max(requests_expected_, requests_done_),
                                       duration_words(elapsed), time_left());
  if (settings_.terminal) {
    fmt::print(stderr, "\r{}\x1b[K", line);
    std::fflush(stderr);
    line_open_ = true;
  } else {
    fmt::print("{}\n", line);
    std::fflush(stdout);
  }
}

void ConformProgress::exchanged(ApiKind, const api::Request&, const ResponseView&) {
  ++requests_done_;
  show_time_left();
}

void ConformProgress::scenario_finished(const ScenarioResult& result, std::size_t index, std::size_t total) {
  ++scenarios_done_;
  // This scenario's verdict, as the reports will give it: a run of one, compared with the baseline.
  RunResult alone;
  alone.scenarios.push_back(result);
  if (baseline_ != nullptr && result.outcome == Outcome::Failed)
    alone.known_failures = reports::compare_with_baseline(alone, *baseline_).known_failure_scenarios;
  const Verdict verdict = scenario_verdict(alone, result);
  if (verdict == Verdict::Skipped) {
    auto it = std::find_if(skip_reasons_.begin(), skip_reasons_.end(), [&](const auto& entry) { return entry.first == result.reason; });
    if (it == skip_reasons_.end()) skip_reasons_.emplace_back(result.reason, 1);
    else ++it->second;
  }
  const bool interesting = verdict == Verdict::Failed || verdict == Verdict::Unknown;
  const bool shown = interesting || (!settings_.quiet && (verdict != Verdict::Skipped || settings_.verbose));
  if (shown) print_scenario(result, index, total, verdict);
  show_time_left();
}

void ConformProgress::print_scenario(const ScenarioResult& result, std::size_t index, std::size_t total, Verdict verdict) const {
  if (line_open_) fmt::print(stderr, "\r\x1b[K");
  fmt::print("[{:>{}}/{}] {:<7} {}", index + 1, width_, total, label(verdict), result.id);
  if (result.outcome == Outcome::Skipped) fmt::print(" — {}", result.reason);
  if (result.outcome == Outcome::Passed && result.wall_ms > 0) fmt::print(" ({:.0f} ms)", result.wall_ms);
  fmt::print("\n");
  if (verdict == Verdict::Failed || verdict == Verdict::Unknown) {
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

void ConformProgress::print_skip_reasons() const {
  if (skip_reasons_.empty() || settings_.verbose) return;
  fmt::print("skipped, by reason (--verbose lists each scenario):\n");
  for (const auto& [reason, count] : skip_reasons_) fmt::print("  {:>4} {}\n", count, reason);
}

void ConformProgress::summary(const RunResult& run, const std::vector<ClauseCoverage>& coverage) const {
  if (line_open_) fmt::print(stderr, "\r\x1b[K");
  print_skip_reasons();
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
  for (const std::string& regression : run.coverage_regressions) fmt::print("coverage regression: {}\n", regression);
  for (const std::string& leftover : run.leftover_pools) fmt::print("left on the server: {}\n", leftover);
  for (const std::string& why : verdict.incomplete) fmt::print("incomplete: {}\n", why);
  const char* overall = verdict.overall == Verdict::Incomplete ? "incomplete: the run shows nothing conclusive, not a pass"
                        : verdict.overall == Verdict::Failed    ? "failed"
                        : verdict.overall == Verdict::Unknown
                            ? "inconclusive: some results are unknown (timeouts or dropped connections), not a pass"
                            : "passed";
  fmt::print("verdict:   {} (exit status {})\n", overall, verdict.exit_status);
}

}  // namespace ringpool::cli
