// The verdict of each scenario and of the whole run, decided in one place from the run alone:
// the console, report.json, junit.xml, report.html and the exit status all read it, so a CI job
// never sees red in one and green in another (with --baseline, a known failure is not a failure
// anywhere). Coverage gates live here too: a run that checked nothing, was interrupted, or did not
// get what --require / --min-sentences asked for is *incomplete* (exit 2: it shows nothing about
// the server, so it cannot pass), and a run that checks less than its --baseline did has
// regressed (exit 1).
#pragma once

#include "conformance/results.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace ringpool::conformance {

enum class Verdict {
  Passed,
  Failed,        // failed, and not (only) with failures the baseline already has
  KnownFailure,  // failed, every failure in the --baseline report: does not fail the run
  Skipped,
  Unknown,       // the target timed out or dropped the connection: fails the run, not a spec failure
  Incomplete,    // the run only: nothing checked, interrupted, or a coverage gate unmet (exit 2)
};

// "passed", "failed", "known failure", "skipped", "unknown", "incomplete"
const char* verdict_name(Verdict verdict);

Verdict scenario_verdict(const RunResult& run, const ScenarioResult& scenario);

struct RunVerdict {
  std::size_t passed = 0, failed = 0, known_failures = 0, skipped = 0, unknown = 0;  // scenarios
  std::size_t checks_judged = 0;  // checks that passed or failed
  // Incomplete when `incomplete` says why; else Failed if any failed or coverage regressed, else
  // Unknown if any unknown, else Passed.
  Verdict overall = Verdict::Passed;
  int exit_status = 0;  // 2 incomplete; 1 failed, unknown or regressed; else 0
  std::vector<std::string> incomplete;  // why the run shows nothing conclusive, in this order:
                                        // interrupted, unmet gates, nothing checked

  bool ok() const { return exit_status == 0; }
};

RunVerdict run_verdict(const RunResult& run);

// Coverage gates asked for on the command line.
struct CoverageGates {
  std::vector<std::string> required_capabilities;  // --require CAP[,...]
  std::size_t min_sentences = 0;                   // --min-sentences N: [doc] sentences checked at least
};

// What `gates` asked for and `present` (the capabilities the target has, with why the others are
// missing) does not give: one line each, naming the capability and why it is missing. Empty when
// all are met. Run before the run (preflight) and after it (a capability can be lost mid-run).
std::vector<std::string> unmet_capability_gates(const CoverageGates& gates, const std::vector<std::string>& present,
                                                const std::vector<std::pair<std::string, std::string>>& missing);
// "--min-sentences 50: 43 [doc] sentences checked; not checked, ..." when short, else "".
std::string unmet_sentence_gate(const CoverageGates& gates, std::size_t checked, const std::vector<std::string>& not_checked);

}  // namespace ringpool::conformance
