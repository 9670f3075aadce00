// The console side of `ringpool conform`: one line per scenario as it finishes (failures with
// what was expected and seen), then a summary and where the reports are. Verdicts are
// conformance::verdict's, as in every report and the exit status.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/runner.hpp"
#include "reports/baseline.hpp"

#include <set>
#include <string>

namespace ringpool::cli {

class ConformProgress final : public conformance::RunListener {
 public:
  // `baseline`: the --baseline report, or null; a failure it has is shown as known.
  ConformProgress(bool quiet, std::size_t total, const conformance::RunResult* baseline);

  void announce(const std::string& target, const std::string& profile, std::uint64_t seed,
                const conformance::Capabilities& capabilities) const;
  void scenario_finished(const conformance::ScenarioResult& result, std::size_t index, std::size_t total) override;
  void baseline(const reports::BaselineComparison& comparison) const;
  void summary(const conformance::RunResult& run, const std::vector<conformance::ClauseCoverage>& coverage) const;

 private:
  bool quiet_;
  std::size_t width_;
  const conformance::RunResult* baseline_;
};

}  // namespace ringpool::cli
