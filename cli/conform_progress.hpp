// The console side of `ringpool conform`: one line per scenario as its result is final, in
// scenario order whatever --jobs is (failures with what was expected and seen; skipped scenarios
// only with --verbose, else one line per reason at the end), an estimate of the time left on long
// runs, then a summary. Verdicts are conformance::verdict's, as in every report and the exit status.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/runner.hpp"
#include "conformance/verdict.hpp"
#include "reports/baseline.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ringpool::cli {

struct ProgressSettings {
  bool quiet = false;    // failures and the summary only
  bool verbose = false;  // every skipped scenario on its own line
  // Where the estimate of the time left goes: a line rewritten in place on a terminal (stderr),
  // else a line now and then on stdout (a CI log).
  bool terminal = false;
  // The time since the run started; the default reads the steady clock (tests hand in their own).
  std::function<std::chrono::duration<double>()> elapsed;
};

class ConformProgress final : public conformance::RunListener {
 public:
  // `baseline`: the --baseline report, or null; a failure it has is shown as known.
  ConformProgress(ProgressSettings settings, std::size_t total, const conformance::RunResult* baseline);

  void announce(const std::string& target, const std::string& profile, std::uint64_t seed,
                const conformance::Capabilities& capabilities) const;
  // How many requests the run will send, about (for the estimate of the time left).
  void expect_requests(std::size_t requests) { requests_expected_ = requests; }
  void exchanged(conformance::ApiKind api, const api::Request& request, const conformance::ResponseView& response) override;
  void scenario_finished(const conformance::ScenarioResult& result, std::size_t index, std::size_t total) override;
  void baseline(const reports::BaselineComparison& comparison) const;
  void summary(const conformance::RunResult& run, const std::vector<conformance::ClauseCoverage>& coverage) const;

  // "about 2 min 10 s left" from what is done so far; empty while nothing is done.
  std::string time_left() const;

 private:
  void show_time_left();
  void print_scenario(const conformance::ScenarioResult& result, std::size_t index, std::size_t total,
                      conformance::Verdict verdict) const;
  void print_skip_reasons() const;

  ProgressSettings settings_;
  std::size_t width_;
  const conformance::RunResult* baseline_;
  std::size_t requests_expected_ = 0;
  std::size_t requests_done_ = 0;
  std::size_t scenarios_done_ = 0;
  std::size_t scenarios_total_;
  double last_shown_seconds_ = -1;
  bool line_open_ = false;  // a terminal status line is on screen
  // Skipped scenarios by reason, in order of first appearance.
  std::vector<std::pair<std::string, std::size_t>> skip_reasons_;
};

// "45 s", "2 min 10 s", "1 h 05 min".
std::string duration_words(double seconds);

}  // namespace ringpool::cli
