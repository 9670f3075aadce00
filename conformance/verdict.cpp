#include "conformance/verdict.hpp"

#include <algorithm>

namespace ringpool::conformance {

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::Passed: return "passed";
    case Verdict::Failed: return "failed";
    case Verdict::KnownFailure: return "known failure";
    case Verdict::Skipped: return "skipped";
    case Verdict::Unknown: return "unknown";
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
      case Verdict::Unknown: ++out.unknown; break;
    }
  }
  out.overall = out.failed > 0 ? Verdict::Failed : out.unknown > 0 ? Verdict::Unknown : Verdict::Passed;
  out.exit_status = out.failed > 0 || out.unknown > 0 ? 1 : 0;
  return out;
}

}  // namespace ringpool::conformance
