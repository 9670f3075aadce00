// Coverage gates (issue 20, item 3): a run that checked nothing, was interrupted or did not get what
// --require / --min-sentences asked for is incomplete (exit 2, never a pass); a run that checks
// less than its --baseline did has regressed (exit 1) — in the verdict every report reads, and
// end to end through `ringpool conform`.
#include "conformance/clause_catalogue.hpp"
#include "conformance/setup_findings.hpp"
#include "conformance/verdict.hpp"
#include "reports/baseline.hpp"
#include "tests/conformance/command.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>

namespace fs = std::filesystem;
using namespace ringpool::conformance;
using ringpool::testing::run_ringpool;

namespace ringpool::conformance {
inline std::ostream& operator<<(std::ostream& out, Verdict verdict) { return out << verdict_name(verdict); }
}  // namespace ringpool::conformance

namespace {

ScenarioResult scenario(std::string id, Outcome outcome, std::vector<CheckResult> checks = {}) {
  ScenarioResult out;
  out.id = std::move(id);
  out.outcome = outcome;
  out.checks = std::move(checks);
  if (outcome == Outcome::Skipped) out.reason = "needs 'clock-advance': GET /_control/clock answered 404";
  return out;
}

CheckResult check(std::string clause, Outcome outcome, Level level = Level::Doc) {
  CheckResult out;
  out.clause = std::move(clause);
  out.outcome = outcome;
  out.level = level;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(coverage_gates)

BOOST_AUTO_TEST_CASE(a_run_that_checked_nothing_is_incomplete_not_passed) {
  RunResult run;
  run.scenarios = {scenario("a.toml", Outcome::Skipped), scenario("b.toml", Outcome::Skipped)};
  const RunVerdict verdict = run_verdict(run);
  BOOST_TEST(verdict.overall == Verdict::Incomplete);
  BOOST_TEST(verdict.exit_status == 2);
  BOOST_REQUIRE(!verdict.incomplete.empty());
  BOOST_TEST(verdict.incomplete.front().find("nothing was checked") != std::string::npos);
  run.scenarios.push_back(scenario("c.toml", Outcome::Passed, {check("M-1", Outcome::Passed)}));
  BOOST_TEST(run_verdict(run).exit_status == 0);
}

BOOST_AUTO_TEST_CASE(unmet_gates_and_interruptions_are_incomplete_and_outrank_failures) {
  RunResult run;
  run.scenarios = {scenario("a.toml", Outcome::Failed, {check("M-1", Outcome::Failed)})};
  BOOST_TEST(run_verdict(run).exit_status == 1);
  run.unmet_gates = {"--require clock: the target lacks 'clock' (GET /_control/clock answered 404)"};
  BOOST_TEST(run_verdict(run).exit_status == 2);
  BOOST_TEST(verdict_name(run_verdict(run).overall) == std::string("incomplete"));
  run.unmet_gates.clear();
  run.interrupted = true;
  BOOST_TEST(run_verdict(run).exit_status == 2);
  BOOST_TEST(run_verdict(run).incomplete.front().find("interrupted") != std::string::npos);
}

// T-5: a target file that does not declare a network's Bulk enablement, against a server whose
// network has it: the legacy allocations of scenarios that use no Bulk API are refused with A-11's
// class. That is a setup mistake (exit 2, the fix named), not 23 spec failures (issue 21).
BOOST_AUTO_TEST_CASE(legacy_refused_as_bulk_only_outside_bulk_scenarios_is_a_setup_finding) {
  ExchangeRecord refused;
  refused.api = "allocation";
  refused.status = 403;
  refused.response_body = R"({"errors":{"invalid_data":"Numbers are automatically allocated by the PNAPI server","class":"OnlyBulkNumberAllocationAllowed"}})";
  RunResult run;
  ScenarioResult legacy = scenario("allocation/format-json-success.toml", Outcome::Failed, {check("A-2", Outcome::Failed)});
  legacy.clauses = {"A-2"};
  legacy.exchanges = {refused};
  ScenarioResult about_bulk = scenario("allocation/bulk-enabled-affiliate-refuses-legacy.toml", Outcome::Failed, {check("A-11", Outcome::Failed)});
  about_bulk.clauses = {"A-11", "B-8"};
  about_bulk.exchanges = {refused};
  run.scenarios = {about_bulk};
  BOOST_TEST(setup_findings(run).empty());  // a Bulk scenario's own answer is judged, not excused
  run.scenarios.push_back(legacy);
  const std::vector<std::string> findings = setup_findings(run);
  BOOST_REQUIRE(findings.size() == 1U);
  BOOST_TEST(findings.front().find("bulk_enabled = true") != std::string::npos);
  BOOST_TEST(findings.front().find("allocation/format-json-success.toml") != std::string::npos);
  run.setup_findings = findings;
  BOOST_TEST(run_verdict(run).exit_status == 2);
  run.scenarios.back().exchanges.front().response_body = R"({"errors":{"class":"RecordNotFound"}})";
  BOOST_TEST(setup_findings(run).empty());  // any other refusal stays a spec failure
}

BOOST_AUTO_TEST_CASE(a_coverage_regression_fails_the_run) {
  RunResult run;
  run.scenarios = {scenario("a.toml", Outcome::Passed, {check("M-1", Outcome::Passed)})};
  run.coverage_regressions = {"P-1.2 was checked in the baseline and is skipped now (...)"};
  const RunVerdict verdict = run_verdict(run);
  BOOST_TEST(verdict.overall == Verdict::Failed);
  BOOST_TEST(verdict.exit_status == 1);
}

BOOST_AUTO_TEST_CASE(required_capabilities_name_what_is_missing_and_why) {
  CoverageGates gates;
  gates.required_capabilities = {"clock", "clock-advance", "bulk"};
  const auto unmet = unmet_capability_gates(gates, {"clock", "bulk"}, {{"clock-advance", "POST /_control/clock/advance answered 404"}});
  BOOST_REQUIRE(unmet.size() == 1u);
  BOOST_TEST(unmet[0] == "--require clock-advance: the target lacks 'clock-advance' (POST /_control/clock/advance answered 404)");
  gates.min_sentences = 3;
  BOOST_TEST(unmet_sentence_gate(gates, 3, {}).empty());
  const std::string short_of = unmet_sentence_gate(gates, 1, {"A-2.1", "P-1.2"});
  BOOST_TEST(short_of == "--min-sentences 3: 1 [doc] sentence(s) checked, 2 short; not checked: A-2.1, P-1.2");
}

BOOST_AUTO_TEST_CASE(the_baseline_records_coverage_and_a_drop_is_a_regression) {
  const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
  // A sentence and the scenario that checks it, from the catalogue itself.
  const Sentence* sentence = nullptr;
  for (const Sentence& candidate : catalogue.sentences())
    if (!candidate.checked_by.empty()) {
      sentence = &candidate;
      break;
    }
  BOOST_REQUIRE(sentence != nullptr);
  RunResult baseline;
  baseline.capabilities = {"clock", "clock-advance"};
  baseline.scenarios = {scenario(sentence->checked_by.front(), Outcome::Passed, {check(sentence->clause, Outcome::Passed)})};
  RunResult current;
  current.capabilities = {"clock"};
  current.missing_capabilities = {{"clock-advance", "POST /_control/clock/advance answered 404"}};
  current.scenarios = {scenario(sentence->checked_by.front(), Outcome::Skipped)};
  const auto regressions = ringpool::reports::coverage_regressions(catalogue, current, baseline);
  BOOST_REQUIRE(regressions.size() == 2u);
  BOOST_TEST(regressions[0].starts_with(sentence->id + " was checked in the baseline and is skipped now ("), regressions[0]);
  BOOST_TEST(regressions[0].find("needs 'clock-advance'") != std::string::npos, regressions[0]);
  BOOST_TEST(regressions[1] == "capability 'clock-advance' was there in the baseline run and is missing now (POST "
                               "/_control/clock/advance answered 404)");
  BOOST_TEST(ringpool::reports::coverage_regressions(catalogue, baseline, baseline).empty());
}

BOOST_AUTO_TEST_CASE(conform_enforces_the_gates_end_to_end) {
  const fs::path dir = fs::temp_directory_path() / "ringpool-coverage-gates-test";
  fs::remove_all(dir);
  // --require: the variant has no reset: nothing runs, exit 2, naming it and why.
  auto required = run_ringpool(fmt::format("conform --target variant --require clock,reset --quiet --report {}", (dir / "a").string()));
  BOOST_TEST(required.exit_status == 2, required.output);
  BOOST_TEST(required.output.find("--require reset: the target lacks 'reset'") != std::string::npos, required.output);
  BOOST_TEST(!fs::exists(dir / "a" / "report.json"));
  // --min-sentences beyond what the suite has: the run happens, and is incomplete.
  auto minimum = run_ringpool(fmt::format("conform --target variant --min-sentences 1000 --quiet --report {}", (dir / "b").string()));
  BOOST_TEST(minimum.exit_status == 2, minimum.output);
  BOOST_TEST(minimum.output.find("incomplete: --min-sentences 1000:") != std::string::npos, minimum.output);
  const auto report = nlohmann::json::parse(ringpool::testing::run_command("cat " + (dir / "b" / "report.json").string()).output);
  BOOST_TEST(report["verdict"]["result"] == "incomplete");
  // Nothing checked: a strict-only scenario in the vendor profile.
  auto nothing = run_ringpool(fmt::format("conform --target reference --profile vendor --scenarios "
                                          "scenarios/management/unknown-advertiser-or-campaign-404.toml --quiet --report {}",
                                          (dir / "c").string()));
  BOOST_TEST(nothing.exit_status == 2, nothing.output);
  BOOST_TEST(nothing.output.find("nothing was checked") != std::string::npos, nothing.output);
  // The baseline records coverage: the reference's run as the baseline of the variant's (which
  // lacks world, reset and more) is a regression.
  auto reference = run_ringpool(fmt::format("conform --target reference --profile vendor --quiet --report {}", (dir / "d").string()));
  BOOST_REQUIRE(reference.exit_status == 0);
  auto dropped = run_ringpool(fmt::format("conform --target variant --profile vendor --quiet --baseline {} --report {}",
                                          (dir / "d" / "report.json").string(), (dir / "e").string()));
  BOOST_TEST(dropped.exit_status == 1, dropped.output);
  BOOST_TEST(dropped.output.find("coverage regression: capability 'reset' was there in the baseline run") != std::string::npos,
             dropped.output);
}

BOOST_AUTO_TEST_SUITE_END()
