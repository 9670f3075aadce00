#include "conformance/setup_findings.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::conformance {

namespace {

// A-11's class ([doc] in json; xml and csv carry it too, [dec]).
constexpr std::string_view kBulkOnlyClass = "OnlyBulkNumberAllocationAllowed";

bool is_about_bulk(const ScenarioResult& scenario) {
  return std::ranges::any_of(scenario.clauses, [](const std::string& clause) { return clause.starts_with("B-") || clause == "A-11"; });
}

bool legacy_refused_as_bulk_only(const ScenarioResult& scenario) {
  return std::ranges::any_of(scenario.exchanges, [](const ExchangeRecord& exchange) {
    return exchange.api == "allocation" && exchange.status && exchange.response_body.find(kBulkOnlyClass) != std::string::npos;
  });
}

}  // namespace

std::vector<std::string> setup_findings(const RunResult& run) {
  std::vector<std::string> out;
  std::vector<const ScenarioResult*> refused;
  for (const ScenarioResult& scenario : run.scenarios)
    if (scenario.outcome == Outcome::Failed && !is_about_bulk(scenario) && legacy_refused_as_bulk_only(scenario))
      refused.push_back(&scenario);
  if (!refused.empty())
    out.push_back(fmt::format(
        "the target file does not declare Bulk enabled, but {} scenario(s) that use no Bulk API had legacy allocations "
        "refused with A-11's {} (first: {}). Fix: add `bulk_enabled = true` to the target file's table of that network "
        "(the scenarios that need the legacy API there are then skipped), or point the table at a network without Bulk; "
        "if Bulk is not enabled there, the server breaks A-11/B-8",
        refused.size(), kBulkOnlyClass, refused.front()->id));
  return out;
}

}  // namespace ringpool::conformance
