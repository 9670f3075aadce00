// The verdict of each scenario and of the whole run, decided in one place from the run alone:
// the console, report.json, junit.xml, report.html and the exit status all read it, so a CI job
// never sees red in one and green in another (with --baseline, a known failure is not a failure
// anywhere).
#pragma once

#include "conformance/results.hpp"

#include <cstddef>

namespace ringpool::conformance {

enum class Verdict {
  Passed,
  Failed,        // failed, and not (only) with failures the baseline already has
  KnownFailure,  // failed, every failure in the --baseline report: does not fail the run
  Skipped,
  Unknown,       // the target timed out or dropped the connection: fails the run, not a spec failure
};

const char* verdict_name(Verdict verdict);  // "passed", "failed", "known failure", "skipped", "unknown"

Verdict scenario_verdict(const RunResult& run, const ScenarioResult& scenario);

struct RunVerdict {
  std::size_t passed = 0, failed = 0, known_failures = 0, skipped = 0, unknown = 0;  // scenarios
  Verdict overall = Verdict::Passed;  // Failed if any failed, else Unknown if any unknown, else Passed
  int exit_status = 0;                // 1 when any scenario failed or is unknown, else 0

  bool ok() const { return exit_status == 0; }
};

RunVerdict run_verdict(const RunResult& run);

}  // namespace ringpool::conformance
