// `ringpool conform --target variant`: a server that meets every [doc] clause and chooses
// differently at every [dec] and [ref] one. The vendor profile must pass it with zero failures
// (no false failures) and the strict profile must fail it, on [dec] clauses only.
#include "conformance_fixture.hpp"
#include "valid_space.hpp"

#include "conformance/http_target.hpp"
#include "conformance/valid_choices.hpp"
#include "conformance/variant_target.hpp"
#include "server_process.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

constexpr const char* kToken = "conformance-control";

RunResult run_variant(Profile profile) {
  VariantTarget target(kToken);
  RunOptions options = testing::run_options(profile, target, kToken);
  options.description = variant_description();
  options.capabilities = probe_capabilities(target, options.description, kToken);
  options.reproduce_prefix = "ringpool conform --target variant";
  return run_scenarios(target, testing::shipped_scenarios(), options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(variant_target)

BOOST_AUTO_TEST_CASE(capabilities_are_a_clock_only_control_api_and_a_bulk_advertiser) {
  VariantTarget target(kToken);
  BOOST_REQUIRE(target.begin_scenario(1, std::nullopt));
  const Capabilities capabilities = probe_capabilities(target, variant_description(), kToken);
  const std::set<std::string, std::less<>> expected{std::string(capability::kBulk), std::string(capability::kClock),
                                                    std::string(capability::kClockAdvance)};
  BOOST_TEST((capabilities.present == expected));
  // It refuses world files rather than ignoring them.
  BOOST_TEST(!target.begin_scenario(1, std::string("start = \"2026-01-01T00:00:00Z\"")));
}

BOOST_AUTO_TEST_CASE(vendor_profile_has_zero_failures) {
  const RunResult run = run_variant(Profile::Vendor);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u, "false failures on the variant");
  BOOST_TEST(run.summary().unknown == 0u);
  BOOST_TEST(run.summary().passed >= 60u);  // the vendor scenarios that need no world, white-box or second network
  // A scenario that needs a control endpoint the variant lacks is skipped, saying which.
  for (const ScenarioResult& scenario : run.scenarios)
    if (scenario.id == "bulk/enablement-via-control-api.toml") {
      BOOST_TEST(scenario.outcome == Outcome::Skipped);
      BOOST_TEST(scenario.reason.find("bulk-enablement") != std::string::npos, scenario.reason);
    }
}

BOOST_AUTO_TEST_CASE(strict_profile_fails_on_dec_clauses_only) {
  const RunResult run = run_variant(Profile::Strict);
  BOOST_TEST(run.summary().failed > 0u);
  std::string not_dec;
  for (const ScenarioResult& scenario : run.scenarios)
    for (const CheckResult& check : scenario.checks)
      if (check.outcome == Outcome::Failed && check.level != Level::Dec)
        not_dec += scenario.id + ": " + check.clause + " [" + level_name(check.level) + "] " + check.what + "\n";
  BOOST_TEST(not_dec.empty(), "failed checks above [dec]:\n" << not_dec);
  // A few of the flips the strict profile must see.
  const std::set<std::string> failed = testing::failed_clauses(run);
  for (const char* clause : {"M-1", "M-3", "A-4", "P-4"})
    BOOST_TEST(failed.contains(clause), clause << " not failed; failed: " << testing::problems_of(run));
}

BOOST_AUTO_TEST_CASE(serve_variant_over_http_answers_as_in_process) {
  testing::ServerProcess server({"--variant", "--control", "--control-token", kToken});
  auto target = HttpTarget::create(HttpTargetUrls{server.url(), server.url(), server.url(), server.url()}, 10, kToken);
  BOOST_REQUIRE(target);
  RunOptions options = testing::run_options(Profile::Vendor, **target, kToken);
  options.description = variant_description();
  options.capabilities = probe_capabilities(**target, options.description, kToken);
  // Not taken for a ringpool reference: only the clock endpoints, no world or fault injection.
  const std::set<std::string, std::less<>> expected{std::string(capability::kBulk), std::string(capability::kClock),
                                                    std::string(capability::kClockAdvance)};
  BOOST_TEST((options.capabilities.present == expected));
  const RunResult run = run_scenarios(**target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
}

BOOST_AUTO_TEST_CASE(serve_control_endpoints_limits_the_control_api) {
  testing::ServerProcess server({"--control", "--control-token", kToken, "--control-endpoints", "clock,clock-advance"});
  auto target = HttpTarget::create(HttpTargetUrls{server.url(), server.url(), server.url(), server.url()}, 10, kToken);
  BOOST_REQUIRE(target);
  const api::Headers token{{"X-Control-Token", kToken}};
  const auto status_of = [&](const char* method, const char* path, std::string body) {
    const Exchange exchange = (*target)->send(ApiKind::Control, api::make_request(method, path, std::move(body), token));
    return exchange.response ? exchange.response->status : 0;
  };
  BOOST_TEST(status_of("GET", "/_control/clock", "") == 200);
  BOOST_TEST(status_of("POST", "/_control/clock/advance", R"({"seconds": 1})") == 200);
  BOOST_TEST(status_of("POST", "/_control/reset", "{}") == 404);
  BOOST_TEST(status_of("GET", "/_control/ring_pools/1", "") == 404);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the space of valid servers (conformance/valid_choices.hpp) ---------------------------------

BOOST_AUTO_TEST_SUITE(valid_space)

namespace valid = ringpool::conformance::valid;

// Every [dec] or [ref] clause of the catalogue has alternatives in the table, or is named with the
// reason it has none; every clause the table names exists.
BOOST_AUTO_TEST_CASE(every_dec_and_ref_clause_has_alternatives_or_a_reason) {
  const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
  std::set<std::string> covered;
  for (const valid::Choice& choice : valid::choices()) {
    BOOST_TEST(choice.alternatives.size() >= 2u, choice.id);
    BOOST_TEST(choice.alternatives.front().apply == nullptr, choice.id << ": the first alternative is the reference's");
    std::string_view clauses = choice.clause;
    while (!clauses.empty()) {
      const auto comma = clauses.find(',');
      std::string clause(clauses.substr(0, comma));
      clause.erase(0, clause.find_first_not_of(' '));
      BOOST_TEST(catalogue.find(clause) != nullptr, choice.id << " names no clause " << clause);
      covered.insert(clause);
      clauses = comma == std::string_view::npos ? std::string_view{} : clauses.substr(comma + 1);
    }
  }
  for (const valid::FixedClause& fixed : valid::fixed_clauses()) {
    BOOST_TEST(catalogue.find(fixed.clause) != nullptr, fixed.clause);
    BOOST_TEST(!fixed.reason.empty(), fixed.clause);
    BOOST_TEST(!covered.contains(std::string(fixed.clause)), fixed.clause << " has alternatives and a reason for none");
    covered.insert(std::string(fixed.clause));
  }
  for (const Clause& clause : catalogue.clauses()) {
    const bool open = std::ranges::any_of(clause.levels, [](Level level) { return level != Level::Doc; });
    if (open) BOOST_TEST(covered.contains(clause.id), clause.id << " is [dec]/[ref] with no alternative and no reason");
  }
}

// conformance/VENDORS.md publishes the table as a section of its own, generated from it.
BOOST_AUTO_TEST_CASE(the_choice_table_is_published_in_vendors_md) {
  std::ifstream file("conformance/VENDORS.md");
  std::stringstream text;
  text << file.rdbuf();
  BOOST_TEST(text.str().find("## The space of valid servers") != std::string::npos);
  BOOST_TEST(text.str().find(valid::choice_table_markdown()) != std::string::npos,
             "VENDORS.md lacks the generated table; put this in its section:\n" << valid::choice_table_markdown());
}

BOOST_AUTO_TEST_CASE(a_draw_depends_on_its_seed_only_and_seed_0_is_the_reference) {
  BOOST_TEST(valid::draw(0).differences() == 0u);
  BOOST_TEST(valid::draw(7).picks == valid::draw(7).picks);
  BOOST_TEST(valid::draw(7).picks != valid::draw(8).picks);
  std::size_t differences = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) differences += valid::draw(seed).differences();
  // About half of the choices differ from the reference's in a draw.
  BOOST_TEST(differences > 100u * valid::choices().size() / 3);
  BOOST_TEST(differences < 100u * valid::choices().size() * 2 / 3);
  BOOST_TEST_MESSAGE(valid::choices().size() << " choices, " << valid::alternative_count() << " alternatives, " << valid::space_size()
                                             << " valid servers");
}

BOOST_AUTO_TEST_CASE(variant_targets_name_today_s_variant_or_a_seed) {
  BOOST_TEST(!parse_variant_target("variant").value().has_value());
  BOOST_TEST(parse_variant_target("variant:42").value()->seed == 42u);
  BOOST_TEST(!parse_variant_target("variant:").has_value());
  BOOST_TEST(!parse_variant_target("variant:x1").has_value());
  VariantTarget drawn("t", valid::draw(42));
  BOOST_TEST(drawn.describe() == "variant:42");
}

// The heart of it: drawn valid servers pass the vendor profile with zero failures. CI runs what
// fits in well under a minute; scripts/valid-space.sh runs thousands (RINGPOOL_VALID_SERVERS,
// RINGPOOL_VALID_FIRST_SEED). A failure is shrunk to the fewest choices that still fail.
BOOST_AUTO_TEST_CASE(drawn_valid_servers_pass_the_vendor_profile) {
  const std::uint64_t count = testing::env_count("RINGPOOL_VALID_SERVERS", 24);
  const std::uint64_t first = testing::env_count("RINGPOOL_VALID_FIRST_SEED", 1);
  const double budget_seconds = static_cast<double>(testing::env_count("RINGPOOL_VALID_SECONDS", 40));
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t ran = 0;
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() > budget_seconds) break;
    const valid::Draw draw = valid::draw(seed);
    const RunResult run = testing::run_drawn(draw, Profile::Vendor, testing::shipped_scenarios());
    ++ran;
    if (run.summary().failed == 0 && run.summary().unknown == 0) continue;
    const valid::Draw shrunk = valid::shrink(draw, [](const valid::Draw& candidate) {
      const RunResult again = testing::run_drawn(candidate, Profile::Vendor, testing::shipped_scenarios());
      return again.summary().failed > 0 || again.summary().unknown > 0;
    });
    const RunResult minimal = testing::run_drawn(shrunk, Profile::Vendor, testing::shipped_scenarios());
    BOOST_ERROR("the valid server of seed " << seed << " fails (reproduce: ringpool conform --target variant:" << seed
                                            << " --profile vendor); shrunk to " << shrunk.differences() << " choices: " << shrunk.describe()
                                            << "\nfirst failure: " << testing::first_failure(minimal));
  }
  BOOST_TEST_MESSAGE(fmt::format("{} drawn valid servers passed the vendor profile in {:.1f} s", ran,
                                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
  BOOST_TEST(ran >= 1u);
}

// `check` on drawn valid servers: no run fails (the model permits every valid server).
BOOST_AUTO_TEST_CASE(drawn_valid_servers_pass_check) {
  const std::uint64_t count = testing::env_count("RINGPOOL_VALID_CHECK_SERVERS", 4);
  const std::uint64_t first = testing::env_count("RINGPOOL_VALID_FIRST_SEED", 1);
  const std::size_t runs = testing::env_count("RINGPOOL_VALID_CHECK_RUNS", 25);
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    const valid::Draw draw = valid::draw(seed);
    const auto summary = testing::check_drawn(draw, runs, 1);
    if (!summary.failure) continue;
    const auto& failure = *summary.failure;
    std::string commands;
    for (const auto& command : failure.shrunk) commands += "\n  " + command.describe();
    BOOST_ERROR("check fails the valid server of seed " << seed << " (ringpool check --target variant:" << seed
                                                        << " --runs " << runs << "): run " << failure.run_index + 1 << " on "
                                                        << failure.clause << ", shrunk to:" << commands << "\n"
                                                        << failure.scenario_toml);
  }
}

BOOST_AUTO_TEST_SUITE_END()
