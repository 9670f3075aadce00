// T-5: a vendor-profile check relies on the target's world only as far as the target file
// declares it. A thin target file (no second campaign, no publisher), a primary network with Bulk
// enabled on it, one that generates ids, one with a small inventory: skips with the reason, never
// a failure; the declared facts are read from the target file with errors that name the line.
#include "conformance_fixture.hpp"
#include "valid_space.hpp"

#include "conformance/valid_choices.hpp"
#include "conformance/verdict.hpp"
#include "conformance/world_facts.hpp"
#include "tests/support/drawn_server.hpp"

using namespace ringpool;
using namespace ringpool::conformance;
namespace valid = ringpool::conformance::valid;

namespace {

constexpr const char* kFactsToken = "conformance-control";

// Skipped scenarios whose reason mentions `words`.
std::size_t skipped_for(const RunResult& run, std::string_view words) {
  std::size_t out = 0;
  for (const ScenarioResult& scenario : run.scenarios)
    if (scenario.outcome == Outcome::Skipped && scenario.reason.find(words) != std::string::npos) ++out;
  return out;
}

RunResult run_reference(const TargetDescription& description) {
  ReferenceTarget target(kFactsToken);
  RunOptions options = testing::run_options(Profile::Vendor, target, kFactsToken);
  options.description = description;
  options.capabilities = probe_capabilities(target, description, kFactsToken);
  return run_scenarios(target, testing::shipped_scenarios(), options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_facts)

BOOST_AUTO_TEST_CASE(the_target_file_declares_world_facts_with_errors_that_name_the_line) {
  auto parsed = parse_target_description(
      "[primary]\nnetwork = 1\ntoken = \"t\"\nadvertiser = \"a\"\ncampaign = \"c\"\nnumbers = 40\nbulk_enabled = true\n"
      "generated_ids = true\nlocal_zipcode = \"99501\"\nlocal_numbers = 10\n",
      "facts.toml");
  BOOST_TEST_REQUIRE(parsed.has_value(), parsed.error());
  const NetworkContext& primary = parsed->contexts.at("primary");
  BOOST_TEST(*primary.numbers == 40);
  BOOST_TEST(primary.bulk_enabled);
  BOOST_TEST(primary.generated_ids);
  BOOST_TEST(primary.local_zipcode == "99501");
  BOOST_TEST(primary.local_numbers == 10);
  auto bad = parse_target_description("[primary]\nnetwork = 1\ntoken = \"t\"\nadvertiser = \"a\"\ncampaign = \"c\"\nnumbers = -3\n", "bad.toml");
  BOOST_TEST_REQUIRE(!bad.has_value());
  BOOST_TEST(bad.error().find("bad.toml:6") != std::string::npos, bad.error());
  auto zip = parse_target_description("[primary]\nnetwork = 1\ntoken = \"t\"\nadvertiser = \"a\"\ncampaign = \"c\"\nlocal_numbers = 3\n", "z.toml");
  BOOST_TEST(!zip.has_value());
}

BOOST_AUTO_TEST_CASE(a_scenario_names_the_facts_it_relies_on) {
  std::map<std::string, std::set<WorldFact>> needs;
  for (const Scenario& scenario : testing::shipped_scenarios())
    for (const FactNeed& need : facts_needed(scenario)) needs[scenario.id].insert(need.fact);
  BOOST_TEST(needs["management/id-from-network-unique-in-network.toml"].contains(WorldFact::SecondCampaign));
  BOOST_TEST(needs["allocation/affiliate-known-publisher.toml"].contains(WorldFact::Affiliate));
  BOOST_TEST(needs["allocation/overflow.toml"].contains(WorldFact::LegacyServed));
  BOOST_TEST(needs["management/id-from-network-required-and-valid.toml"].contains(WorldFact::RequiredIds));
}

// M-15: a network with tag destinations refuses a destination without obfuscated_tag_id. A [primary]
// on the network the file declares as [tags] (an independent server's auto-id network was both)
// skips the scenarios that send one, instead of failing them.
BOOST_AUTO_TEST_CASE(untagged_destinations_are_not_relied_on_in_the_tags_network) {
  std::map<std::string, std::set<WorldFact>> needs;
  for (const Scenario& scenario : testing::shipped_scenarios())
    for (const FactNeed& need : facts_needed(scenario)) needs[scenario.id].insert(need.fact);
  BOOST_TEST(needs["management/destination-links-customer-phone-number.toml"].contains(WorldFact::UntaggedDestinations));
  BOOST_TEST(!needs["allocation/overflow.toml"].contains(WorldFact::UntaggedDestinations));
  const FactNeed need{WorldFact::UntaggedDestinations, "primary", 0, "step 1: create_pool p"};
  TargetDescription description = default_world_description();
  BOOST_TEST(!undeclared(need, description).has_value());
  description.contexts.at("tags").network = description.contexts.at("primary").network;
  const auto reason = undeclared(need, description);
  BOOST_REQUIRE(reason.has_value());
  BOOST_TEST(reason->find("[tags]") != std::string::npos, *reason);
  BOOST_TEST(!undeclared(FactNeed{WorldFact::UntaggedDestinations, "tags", 0, "x"}, description).has_value());
}

// A thin target file: a [primary] without second_campaign or affiliate, nothing else. The
// scenarios that need them are skipped, saying so; nothing fails (issue 21: this failed 9).
BOOST_AUTO_TEST_CASE(a_thin_target_file_gives_skips_never_failures) {
  TargetDescription thin = default_world_description();
  thin.contexts.erase("second");
  thin.contexts.erase("bulk");
  thin.contexts.erase("tags");
  thin.contexts.at("primary").second_campaign.clear();
  thin.contexts.at("primary").affiliate.clear();
  const RunResult run = run_reference(thin);
  BOOST_TEST(run_verdict(run).exit_status == 0, testing::problems_of(run));
  BOOST_TEST(skipped_for(run, "second campaign") > 0u);
  BOOST_TEST(skipped_for(run, "publisher") > 0u);
}

// Valid worlds of the space, each with the target file that honestly describes it: Bulk on the
// whole primary network, generated ids, a small inventory, one campaign and no publishers.
BOOST_AUTO_TEST_CASE(bulk_primary_auto_id_and_small_worlds_give_skips_never_failures) {
  const struct {
    valid::Draw draw;
    std::string_view skip_words;
  } cases[] = {
      {testing::draw_with({{"bulk-primary", "on"}}), "bulk_enabled"},
      {testing::draw_with({{"generated-ids", "generated"}}), "generated_ids"},
      {testing::draw_with({{"inventory", "12"}}), "numbers"},
      {testing::draw_with({{"campaigns", "one"}, {"publishers", "none"}, {"second-network", "absent"}, {"tag-network", "absent"}}),
       "second campaign"},
  };
  for (const auto& [draw, words] : cases) {
    BOOST_TEST_CONTEXT(draw.describe()) {
      const RunResult run = testing::run_drawn(draw, Profile::Vendor, testing::shipped_scenarios());
      BOOST_TEST(run_verdict(run).exit_status == 0, testing::problems_of(run));
      BOOST_TEST(skipped_for(run, words) > 0u);
    }
  }
}

// Without a declared local inventory the L-1 arrival checks are skipped; with one they run.
BOOST_AUTO_TEST_CASE(local_arrival_is_judged_only_where_declared) {
  const RunResult declared = testing::run_drawn(valid::draw(0), Profile::Vendor, testing::shipped_scenarios());
  const RunResult undeclared = testing::run_drawn(testing::draw_with({{"local-inventory", "undeclared"}}), Profile::Vendor, testing::shipped_scenarios());
  BOOST_TEST(run_verdict(declared).exit_status == 0, testing::problems_of(declared));
  BOOST_TEST(run_verdict(undeclared).exit_status == 0, testing::problems_of(undeclared));
  BOOST_TEST(skipped_for(undeclared, "local numbers near") > skipped_for(declared, "local numbers near"));
}

BOOST_AUTO_TEST_SUITE_END()
