// A suite that passes a broken server is worse than none: each injected defect breaks one [doc]
// sentence, and the vendor profile must report a failure of its clause (mutation_test.cpp). Here:
// the defects themselves, as a table keyed by sentence id, and never an abort: every defect, in
// every profile, over the whole suite, ends a run with exit status 1.
#include "command.hpp"
#include "conformance_fixture.hpp"
#include "conformance/client_url.hpp"
#include "conformance/defects.hpp"
#include "conformance/verdict.hpp"
#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>

#include <chrono>

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

constexpr const char* kDefectsToken = "conformance-control";

std::vector<Scenario> checked_by(const DefectInfo& defect) {
  const Sentence* sentence = ClauseCatalogue::builtin().find_sentence(defect.sentence);
  std::vector<Scenario> out;
  for (const Scenario& scenario : testing::shipped_scenarios())
    if (sentence != nullptr && std::ranges::find(sentence->checked_by, scenario.id) != sentence->checked_by.end()) out.push_back(scenario);
  return out;
}

// The run of `scenarios` on the reference with `defect`, in `profile`; an exception escaping the
// runner (an abort of `ringpool conform`) fails the test.
RunResult run_broken(const std::string& defect, Profile profile, const std::vector<Scenario>& scenarios) {
  ReferenceTarget reference(kDefectsToken);
  DefectiveTarget broken(reference, defect, default_world_description().context("primary")->token);
  RunOptions options = testing::run_options(profile, broken, kDefectsToken);
  return run_scenarios(broken, scenarios, options);
}

// A scenario left unknown because the defect itself could not read what it was sent.
std::string defect_bugs(const RunResult& run) {
  std::string out;
  for (const ScenarioResult& scenario : run.scenarios)
    if (scenario.outcome == Outcome::Unknown && scenario.reason.find("the injected defect") != std::string::npos)
      out += scenario.id + ": " + scenario.reason + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(defects)

BOOST_AUTO_TEST_CASE(every_sentence_has_defects_across_the_apis_each_named_once) {
  std::set<char> areas;
  std::set<std::string> names;
  for (const DefectInfo& defect : known_defects()) {
    areas.insert(defect.clause.front());
    BOOST_TEST(names.insert(defect.name).second, "named twice: " << defect.name);
    BOOST_TEST(find_defect(defect.name) == &defect);
    BOOST_TEST(defect.sentence.starts_with(defect.clause + "."), defect.name);
  }
  for (char area : {'M', 'A', 'B', 'P', 'L'}) BOOST_TEST(areas.count(area) == 1u, area);
  // Lease and overflow defects pick other numbers than the first: the last, one at random, the
  // overflow number itself (a check that watches only one of them does not pass).
  for (const char* name : {"lease-reuse-last", "lease-reuse-random", "overflow-leased-last", "overflow-leased-random",
                           "overflow-number-first", "lease-one-second-early", "lease-half-lifetime", "bulk-overflow-unflagged-once"})
    BOOST_TEST(find_defect(name) != nullptr, name);
  // A sentence id names its first defect.
  BOOST_TEST(find_defect("P-1.2")->name == "lease-reuse");
}

// A world reset through the control API (a live `serve --inject-defect`) makes the defect forget
// what it learnt, as begin_scenario does in process: the same commands get the same answers.
BOOST_AUTO_TEST_CASE(a_control_reset_makes_the_defect_forget_the_world_before) {
  ReferenceTarget reference("ctl");
  const TargetDescription description = default_world_description();
  const NetworkContext& primary = description.contexts.at("primary");
  DefectiveTarget broken(reference, "create-not-idempotent", primary.token);
  BOOST_TEST_REQUIRE(broken.begin_scenario(1, std::nullopt).has_value());
  api::Request create{"POST", management_base(primary, primary.campaign) + std::string(api::wire::kJsonExtension), {},
                      R"({"id_from_network": "twice"})"};
  create.headers.emplace("Authorization", primary.token);
  api::Request reset{"POST", std::string(api::wire::kControlResetPath), {}, R"({"seed": 1})"};
  reset.headers.emplace("X-Control-Token", "ctl");

  BOOST_TEST(broken.send(ApiKind::Management, create).response->status == 201);
  BOOST_TEST(broken.send(ApiKind::Management, create).response->status >= 400);  // the defect
  BOOST_TEST(broken.send(ApiKind::Control, reset).response->status == 200);
  BOOST_TEST(broken.send(ApiKind::Management, create).response->status == 201);  // a new world: a new pool
}

// Issue 21, item 8: bulk/row-not-an-object.toml sends a numeric api_suffix, which a Bulk defect
// read as a string: `conform --inject-defect` aborted (exit 134) in the strict and reference
// profiles.
BOOST_AUTO_TEST_CASE(a_bulk_defect_reads_a_numeric_api_suffix_without_aborting) {
  const auto result = testing::run_ringpool("conform --target reference --profile reference --inject-defect long-suffix-refused "
                                            "--scenarios scenarios/bulk/row-not-an-object.toml --quiet --report /tmp/ringpool-defect-abort");
  BOOST_TEST(result.exit_status != 134, result.output);
  BOOST_TEST((result.exit_status == 0 || result.exit_status == 1), result.output);
}

// Every defect, every profile: the run ends with exit status 1, never an abort, and no scenario
// is left unknown because the defect could not read a request. The whole suite runs in the
// reference profile (it sends every step the lower profiles send, and more); the vendor and
// strict profiles run the scenarios that check the defect's sentence.
BOOST_AUTO_TEST_CASE(every_defect_in_every_profile_exits_1_and_never_aborts) {
  const auto started = std::chrono::steady_clock::now();
  for (const DefectInfo& defect : known_defects()) {
    BOOST_TEST_CONTEXT("defect " << defect.name) {
      const RunResult whole = run_broken(defect.name, Profile::Reference, testing::shipped_scenarios());
      BOOST_TEST(run_verdict(whole).exit_status == 1);
      BOOST_TEST(defect_bugs(whole).empty(), defect_bugs(whole));
      for (Profile profile : {Profile::Vendor, Profile::Strict}) {
        const RunResult run = run_broken(defect.name, profile, checked_by(defect));
        BOOST_TEST(run_verdict(run).exit_status == 1, profile_name(profile) << ": " << testing::problems_of(run));
        BOOST_TEST(defect_bugs(run).empty(), defect_bugs(run));
      }
    }
  }
  BOOST_TEST_MESSAGE(fmt::format("{} defects x 3 profiles in {:.1f} s", known_defects().size(),
                                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
}

BOOST_AUTO_TEST_SUITE_END()
