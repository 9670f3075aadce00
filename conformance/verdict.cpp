#include "conformance/verdict.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace ringpool::conformance {

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::Passed: return "passed";
    case Verdict::Failed: return "failed";
    case Verdict::KnownFailure: return "known failure";
    case Verdict::Skipped: return "skipped";
    case Verdict::Unknown: return "unknown";
    case Verdict::Incomplete: return "incomplete";
  }
  return "unknown";
}

Verdict scenario_verdict(const RunResult& run, const ScenarioResult& scenario) {
  switch (scenario.outcome) {
    case Outcome::Passed: return Verdict::Passed;
    case Outcome::Skipped: return Verdict::Skipped;
    case Outcome::Unknown: return Verdict::Unknown;
    case Outcome::Failed: {
      const bool known =
          std::find(run.known_failures.begin(), run.known_failures.end(), scenario.id) != run.known_failures.end();
      return known ? Verdict::KnownFailure : Verdict::Failed;
    }
  }
  return Verdict::Unknown;
}

RunVerdict run_verdict(const RunResult& run) {
  RunVerdict out;
  for (const ScenarioResult& scenario : run.scenarios) {
    switch (scenario_verdict(run, scenario)) {
      case Verdict::Passed: ++out.passed; break;
      case Verdict::Failed: ++out.failed; break;
      case Verdict::KnownFailure: ++out.known_failures; break;
      case Verdict::Skipped: ++out.skipped; break;
      case Verdict::Unknown:
      case Verdict::Incomplete: ++out.unknown; break;
    }
    for (const CheckResult& check : scenario.checks)
      if (check.outcome == Outcome::Passed || check.outcome == Outcome::Failed) ++out.checks_judged;
  }
  if (run.interrupted) out.incomplete.push_back("the run was interrupted (Ctrl-C): not every scenario ran");
  out.incomplete.insert(out.incomplete.end(), run.setup_findings.begin(), run.setup_findings.end());
  out.incomplete.insert(out.incomplete.end(), run.unmet_gates.begin(), run.unmet_gates.end());
  if (out.checks_judged == 0)
    out.incomplete.push_back(run.scenarios.empty() ? "nothing was checked: no scenario ran"
                                                   : "nothing was checked: every scenario was skipped (the skip reasons say why)");
  const bool failing = out.failed > 0 || !run.coverage_regressions.empty();
  if (!out.incomplete.empty()) out.overall = Verdict::Incomplete;
  else if (failing) out.overall = Verdict::Failed;
  else if (out.unknown > 0) out.overall = Verdict::Unknown;
  out.exit_status = !out.incomplete.empty() ? 2 : failing || out.unknown > 0 ? 1 : 0;
  return out;
}

std::vector<std::string> unmet_capability_gates(const CoverageGates& gates, const std::vector<std::string>& present,
                                                const std::vector<std::pair<std::string, std::string>>& missing) {
  std::vector<std::string> out;
  for (const std::string& name : gates.required_capabilities) {
    if (std::find(present.begin(), present.end(), name) != present.end()) continue;
    std::string why = "the target does not have it";
    for (const auto& [absent, reason] : missing)
      if (absent == name) why = reason;
    out.push_back(fmt::format("--require {}: the target lacks '{}' ({})", name, name, why));
  }
  return out;
}

std::string unmet_sentence_gate(const CoverageGates& gates, std::size_t checked, const std::vector<std::string>& not_checked) {
  if (gates.min_sentences == 0 || checked >= gates.min_sentences) return {};
  const std::size_t shown = std::min<std::size_t>(not_checked.size(), 12);
  return fmt::format("--min-sentences {}: {} [doc] sentence(s) checked, {} short; not checked: {}{}", gates.min_sentences,
                     checked, gates.min_sentences - checked,
                     fmt::join(not_checked.begin(), not_checked.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                     not_checked.size() > shown ? fmt::format(" and {} more", not_checked.size() - shown) : "");
}

}  // namespace ringpool::conformance
