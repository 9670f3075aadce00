// Tests of `ringpool check`'s engine (issue 10): the same seed gives the same commands and
// byte-identical reports whatever the job count; the permissive model passes the reference
// (strict) and the variant (vendor); injected defects are found, shrunk, and the saved scenario
// fails the same clause when `conform` loads and replays it, and passes on valid servers.
#include "conformance/clause_catalogue.hpp"
#include "conformance/defects.hpp"
#include "conformance/probe.hpp"
#include "conformance/property_check.hpp"
#include "conformance/property_scenario.hpp"
#include "conformance/reference_target.hpp"
#include "conformance/scenario_parser.hpp"
#include "conformance/variant_target.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace {

using namespace ringpool::conformance;
namespace prop = ringpool::conformance::property;
namespace fs = std::filesystem;

constexpr const char* kControl = "conformance-control";

prop::TargetFactory reference_factory(const std::string& defect = {}) {
  return [defect]() -> std::unique_ptr<Target> {
    auto target = std::make_unique<ReferenceTarget>(kControl);
    if (defect.empty()) return target;
    return std::make_unique<DefectiveTarget>(std::move(target), defect, "demo-token");
  };
}

prop::TargetFactory variant_factory() {
  return [] { return std::make_unique<VariantTarget>(kControl); };
}

prop::CheckOptions options_for(Target& probe_target, const TargetDescription& description, Profile profile,
                               std::size_t runs, std::uint64_t seed = 1) {
  prop::CheckOptions options;
  options.runs = runs;
  options.max_steps = 30;
  options.run.profile = profile;
  options.run.seed = seed;
  options.run.run_id = "ck";
  options.run.description = description;
  options.run.control_token = kControl;
  options.run.deterministic = true;
  options.run.capabilities = probe_capabilities(probe_target, description, kControl);
  options.limits = prop::limits_for(options.run.capabilities, description);  // capabilities and declared facts (T-5)
  return options;
}

std::string describe_all(const std::vector<prop::Command>& commands) {
  std::string out;
  for (const prop::Command& command : commands) out += command.describe() + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_property)

BOOST_AUTO_TEST_CASE(same_seed_same_commands_other_runs_differ) {
  prop::CheckOptions options;
  std::string swarm_a, swarm_b;
  const auto a = prop::run_commands(7, 3, options, &swarm_a);
  const auto b = prop::run_commands(7, 3, options, &swarm_b);
  BOOST_TEST(describe_all(a) == describe_all(b));
  BOOST_TEST(swarm_a == swarm_b);
  BOOST_TEST(describe_all(a) != describe_all(prop::run_commands(7, 4, options, nullptr)));
  BOOST_TEST(describe_all(a) != describe_all(prop::run_commands(8, 3, options, nullptr)));
  BOOST_TEST(prop::scenario_toml(a, {"t", "d"}) == prop::scenario_toml(b, {"t", "d"}));
}

BOOST_AUTO_TEST_CASE(every_generated_scenario_is_valid_vocabulary) {
  prop::CheckOptions options;
  for (std::size_t run = 0; run < 200; ++run) {
    const auto commands = prop::run_commands(11, run, options, nullptr);
    auto parsed = parse_scenario(prop::scenario_toml(commands, {"t", "d"}), "x", "x", ClauseCatalogue::builtin());
    BOOST_TEST_REQUIRE(parsed.has_value(), "run " << run << ": " << (parsed ? "" : parsed.error()));
  }
}

// Some runs fail every request (M-7a, A-5): their first command says so, and their scenario asks
// for a world with [faults], so a target without fault injection never draws one.
BOOST_AUTO_TEST_CASE(service_failure_runs_only_where_the_target_injects_faults) {
  prop::CheckOptions options;
  std::size_t fault_runs = 0;
  for (std::size_t run = 0; run < 200; ++run) {
    const auto commands = prop::run_commands(1, run, options, nullptr);
    const bool faulted = !commands.empty() && commands.front().kind == prop::CommandKind::Faults;
    fault_runs += faulted ? 1 : 0;
    const std::string toml = prop::scenario_toml(commands, {"t", "d"});
    BOOST_TEST((toml.find("internal_error_probability = 1.0") != std::string::npos) == faulted, "run " << run);
    BOOST_TEST((toml.find("\"fault-injection\"") != std::string::npos) == faulted, "run " << run);
  }
  BOOST_TEST(fault_runs >= 2u);
  BOOST_TEST(fault_runs <= 20u);
  // With one command a run there is no room for a request after `faults`: no such run, and every
  // scenario still has a step (it used to be a lone `faults`, an invalid scenario).
  options.max_steps = 1;
  for (std::size_t run = 0; run < 200; ++run) {
    std::string swarm;
    const auto commands = prop::run_commands(1, run, options, &swarm);
    BOOST_TEST(swarm.find("faults") == std::string::npos, "run " << run);
    BOOST_TEST(parse_scenario(prop::scenario_toml(commands, {"t", "d"}), "x", "x", ClauseCatalogue::builtin()).has_value(), "run " << run);
  }
  options.max_steps = 40;
  for (bool world : {true, false}) {
    options.limits.faults = !world;
    options.limits.world = world;
    for (std::size_t run = 0; run < 200; ++run)
      for (const prop::Command& command : prop::run_commands(1, run, options, nullptr))
        BOOST_TEST((command.kind != prop::CommandKind::Faults), "run " << run);
  }
}

// A goal the target's limits put out of reach is reported as off (passed), never as unmet; the
// others still fail when enforced and never reached.
BOOST_AUTO_TEST_CASE(goals_out_of_reach_are_off_not_unmet) {
  prop::CheckOptions options;
  options.limits.bulk = false;
  options.limits.faults = false;
  BOOST_TEST(prop::goal_out_of_reach("bulk-mixed-rows", options.limits) == "needs a [bulk] section");
  BOOST_TEST(prop::goal_out_of_reach("service-failure-answered", options.limits) == "needs fault-injection");
  BOOST_TEST(prop::goal_out_of_reach("month-end", options.limits).empty());
  const prop::CheckSummary nothing_reached;
  const RunResult report = prop::check_run_result(nothing_reached, options, "reference", "r", true);
  std::map<std::string, std::pair<std::string, Outcome>> goals;
  for (const CheckResult& check : report.scenarios.front().checks) goals[check.what] = {check.actual, check.outcome};
  BOOST_TEST(goals["bulk-mixed-rows"].first == "off: needs a [bulk] section");
  BOOST_TEST((goals["bulk-mixed-rows"].second == Outcome::Passed));
  BOOST_TEST((goals["service-failure-answered"].second == Outcome::Passed));
  BOOST_TEST(goals["month-end"].first == "never reached");
  BOOST_TEST((goals["month-end"].second == Outcome::Failed));
}

BOOST_AUTO_TEST_CASE(reference_passes_in_the_strict_profile) {
  ReferenceTarget probe(kControl);
  const auto options = options_for(probe, default_world_description(), Profile::Strict, 30);
  const prop::CheckSummary result = prop::run_check(reference_factory(), options);
  BOOST_TEST(!result.failure.has_value(), (result.failure ? result.failure->scenario_toml : ""));
  BOOST_TEST(result.passed == 30u);
}

BOOST_AUTO_TEST_CASE(variant_passes_in_the_vendor_profile) {
  VariantTarget probe(kControl);
  const auto options = options_for(probe, variant_description(), Profile::Vendor, 30);
  const prop::CheckSummary result = prop::run_check(variant_factory(), options);
  BOOST_TEST(!result.failure.has_value(), (result.failure ? result.failure->scenario_toml : ""));
  BOOST_TEST(result.passed == 30u);
}

BOOST_AUTO_TEST_CASE(reports_are_byte_identical_whatever_the_job_count) {
  ReferenceTarget probe(kControl);
  auto options = options_for(probe, default_world_description(), Profile::Vendor, 40, 5);
  const auto factory = reference_factory("delete-twice-404");
  options.jobs = 1;
  const prop::CheckSummary one = prop::run_check(factory, options);
  options.jobs = 3;
  const prop::CheckSummary three = prop::run_check(factory, options);
  BOOST_TEST_REQUIRE(one.failure.has_value());
  BOOST_TEST_REQUIRE(three.failure.has_value());
  BOOST_TEST(one.failure->scenario_toml == three.failure->scenario_toml);
  const auto report_one = prop::check_run_result(one, options, "reference", "r", true);
  const auto report_three = prop::check_run_result(three, options, "reference", "r", true);
  BOOST_TEST(ringpool::reports::render_json_report(report_one, ClauseCatalogue::builtin()) ==
             ringpool::reports::render_json_report(report_three, ClauseCatalogue::builtin()));
  BOOST_TEST(ringpool::reports::render_junit(report_one) == ringpool::reports::render_junit(report_three));
}

// Found within the default runs in the vendor profile, shrunk, saved; `conform` loading the saved
// file fails the defect's clause, and the same file passes on the reference and the variant.
BOOST_AUTO_TEST_CASE(injected_defects_are_found_shrunk_saved_and_replayed) {
  // Twelve of the runner's defects (API areas, probes, the local fill, Bulk's overflow flag, pool
  // types, service failures), each found within 20 runs here, to keep the sanitizer build cheap;
  // `ringpool check --inject-defect NAME` finds all 66 (conformance/CHECK.md, scripts/check-defects.sh).
  const std::vector<std::string> defects = {"lease-reuse",        "overflow-error",       "missing-tracking-url",
                                            "invalid-key-class",  "request-id-dropped",   "bulk-rows-reversed",
                                            "id-from-network-not-unique", "bulk-overflow-flag-missing",
                                            "bulk-serves-other-types",    "local-numbers-never-arrive",
                                            "internal-error-class",       "error-handle-missing"};
  const fs::path dir = fs::temp_directory_path() / "ringpool-check-test";
  fs::create_directories(dir);
  for (const std::string& defect : defects) {
    BOOST_TEST_CONTEXT("defect " << defect) {
      ReferenceTarget probe(kControl);
      auto options = options_for(probe, default_world_description(), Profile::Vendor, 100);
      const prop::CheckSummary result = prop::run_check(reference_factory(defect), options);
      BOOST_TEST_REQUIRE(result.failure.has_value());
      const prop::Failure& failure = *result.failure;
      // Or a clause the defect's answers break as well: reversed rows carry one another's request
      // ids (B-3) and swap a row of another pool type into a success row's place (B-9); a reused
      // number is, for a local pool 20 minutes old, a pool whose numbers never arrived (L-1).
      const std::map<std::string, std::set<std::string>> also = {{"bulk-rows-reversed", {"B-3", "B-9"}},
                                                                 {"lease-reuse", {"L-1"}}};
      const bool expected_clause = failure.clause == find_defect(defect)->clause ||
                                   (also.contains(defect) && also.at(defect).contains(failure.clause));
      BOOST_TEST(expected_clause, "found as " << failure.clause);
      BOOST_TEST(failure.shrunk.size() <= 8u);
      BOOST_TEST_MESSAGE(defect << ": found in run " << failure.run_index + 1 << ", shrunk to " << failure.shrunk.size()
                                << " commands");
      const fs::path file = dir / prop::regression_file_name(failure);
      std::ofstream(file, std::ios::binary) << failure.scenario_toml;

      // Replayed as `conform` does: loaded from the file, run on the broken target.
      const LoadedScenarios loaded = load_scenarios({file}, dir, ClauseCatalogue::builtin());
      BOOST_TEST_REQUIRE(loaded.errors.empty());
      RunOptions run = options.run;
      ReferenceTarget inner(kControl);
      DefectiveTarget broken(inner, defect, "demo-token");
      const RunResult replay = run_scenarios(broken, loaded.scenarios, run);
      BOOST_TEST_REQUIRE((replay.scenarios.front().outcome == Outcome::Failed));
      for (const CheckResult& check : replay.scenarios.front().checks)
        if (check.outcome == Outcome::Failed) {
          BOOST_TEST(check.clause == failure.clause);
          break;
        }
      // Sound: valid servers pass it.
      ReferenceTarget reference(kControl);
      BOOST_TEST((run_scenarios(reference, loaded.scenarios, run).scenarios.front().outcome == Outcome::Passed));
      VariantTarget variant(kControl);
      RunOptions variant_run = run;
      variant_run.description = variant_description();
      variant_run.capabilities = probe_capabilities(variant, variant_description(), kControl);
      const Outcome on_variant = run_scenarios(variant, loaded.scenarios, variant_run).scenarios.front().outcome;
      BOOST_TEST((on_variant == Outcome::Passed || on_variant == Outcome::Skipped));
    }
  }
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
