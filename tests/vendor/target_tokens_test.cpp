// Where tokens come from (conformance/target_tokens.hpp): a target file never needs a secret,
// RINGPOOL_TOKEN covers every table of the primary network, other networks name their variable
// with token_env, and a missing or placeholder token is a setup mistake with its fix.
#include "conformance/target_description.hpp"
#include "conformance/target_tokens.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace ringpool::conformance;

namespace {

// The template's shape: no token anywhere; [bulk] on the primary network; [second] names its variable.
constexpr std::string_view kTokenFreeFile = R"(
[primary]
network = 1001
advertiser = "adv"
campaign = "camp"
[bulk]
network = 1001
advertiser = "adv-bulk"
campaign = "camp-bulk"
[second]
network = 1002
token_env = "RINGPOOL_SECOND_TOKEN"
advertiser = "adv-2"
campaign = "camp-2"
)";

TargetDescription parsed(std::string_view text) {
  auto description = parse_target_description(text, "t.toml");
  BOOST_REQUIRE_MESSAGE(description.has_value(), (description ? std::string() : description.error()));
  return *description;
}

TokenSources environment(std::map<std::string, std::string, std::less<>> variables,
                         std::optional<std::string> flag = std::nullopt) {
  TokenSources sources;
  sources.flag = std::move(flag);
  sources.environment = [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
  return sources;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(target_tokens)

BOOST_AUTO_TEST_CASE(a_target_file_without_any_token_parses) {
  const TargetDescription description = parsed(kTokenFreeFile);
  BOOST_TEST(description.context("primary")->token.empty());
  BOOST_TEST(description.context("second")->token_env == "RINGPOOL_SECOND_TOKEN");
}

BOOST_AUTO_TEST_CASE(ringpool_token_covers_every_table_of_the_primary_network) {
  TargetDescription description = parsed(kTokenFreeFile);
  const auto origins = resolve_tokens(description, environment({{"RINGPOOL_TOKEN", "tok-1001"}, {"RINGPOOL_SECOND_TOKEN", "tok-1002"}}));
  BOOST_TEST(description.context("primary")->token == "tok-1001");
  BOOST_TEST(description.context("bulk")->token == "tok-1001");
  BOOST_TEST(description.context("second")->token == "tok-1002");
  BOOST_TEST(token_problems(description, origins).empty());
}

BOOST_AUTO_TEST_CASE(the_token_flag_wins_on_the_primary_network_only) {
  TargetDescription description = parsed(kTokenFreeFile);
  resolve_tokens(description, environment({{"RINGPOOL_TOKEN", "from-env"}, {"RINGPOOL_SECOND_TOKEN", "tok-1002"}}, "from-flag"));
  BOOST_TEST(description.context("primary")->token == "from-flag");
  BOOST_TEST(description.context("bulk")->token == "from-flag");
  BOOST_TEST(description.context("second")->token == "tok-1002");
}

BOOST_AUTO_TEST_CASE(a_variable_that_is_set_wins_over_the_file_and_the_file_is_the_fallback) {
  TargetDescription description = parsed(R"(
[primary]
network = 1
token = "file-token"
advertiser = "a"
campaign = "c"
)");
  auto origins = resolve_tokens(description, environment({}));
  BOOST_TEST(description.context("primary")->token == "file-token");
  BOOST_TEST(origins.at(0).source == "the target file");
  origins = resolve_tokens(description, environment({{"RINGPOOL_TOKEN", "env-token"}}));
  BOOST_TEST(description.context("primary")->token == "env-token");
  BOOST_TEST(origins.at(0).source == "RINGPOOL_TOKEN");
}

BOOST_AUTO_TEST_CASE(an_unset_token_is_a_problem_whose_fix_names_the_variable) {
  TargetDescription description = parsed(kTokenFreeFile);
  const auto origins = resolve_tokens(description, environment({}));
  const auto problems = token_problems(description, origins);
  BOOST_REQUIRE(problems.size() == 3u);  // bulk, primary, second (table order)
  for (const TokenProblem& problem : problems) BOOST_TEST(problem.what.find("has no API token") != std::string::npos);
  BOOST_TEST(problems[1].fix == "export RINGPOOL_TOKEN=<the API token of network 1001>");
  BOOST_TEST(problems[2].fix == "export RINGPOOL_SECOND_TOKEN=<the API token of network 1002>");
}

BOOST_AUTO_TEST_CASE(another_network_without_token_env_is_told_to_name_one) {
  TargetDescription description = parsed(R"(
[primary]
network = 1
advertiser = "a"
campaign = "c"
[tags]
network = 3
advertiser = "t"
campaign = "tc"
)");
  const auto problems = token_problems(description, resolve_tokens(description, environment({{"RINGPOOL_TOKEN", "tok"}})));
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].fix.find("add token_env = \"RINGPOOL_TAGS_TOKEN\" to [tags]") != std::string::npos, problems[0].fix);
}

BOOST_AUTO_TEST_CASE(placeholder_tokens_are_caught_wherever_they_come_from) {
  for (std::string_view placeholder : {"set RINGPOOL_TOKEN instead", "...", "<token>", "changeme", "TODO", "xxxx", "$TOKEN", ""})
    BOOST_TEST(!placeholder_token_problem(placeholder).empty(), placeholder);
  for (std::string_view token : {"demo-token", "3f9a0c1e2b", "acme-token", "eyJhbGciOi.J9.x"})
    BOOST_TEST(placeholder_token_problem(token).empty(), token);

  TargetDescription in_file = parsed(R"(
[primary]
network = 1001
token = "set RINGPOOL_TOKEN instead"
advertiser = "a"
campaign = "c"
)");
  auto problems = token_problems(in_file, resolve_tokens(in_file, environment({})));
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].what.find("the [primary] token in the target file is not a token") != std::string::npos, problems[0].what);
  BOOST_TEST(problems[0].fix.find("delete the token line from [primary]") != std::string::npos, problems[0].fix);

  TargetDescription from_env = parsed(kTokenFreeFile);
  problems = token_problems(from_env, resolve_tokens(from_env, environment({{"RINGPOOL_TOKEN", "<token>"}, {"RINGPOOL_SECOND_TOKEN", "ok-2"}})));
  BOOST_REQUIRE(problems.size() == 2u);  // bulk and primary share it
  BOOST_TEST(problems[0].what.find("RINGPOOL_TOKEN is not a token") != std::string::npos, problems[0].what);
}

BOOST_AUTO_TEST_CASE(token_env_must_name_a_variable) {
  auto bad = parse_target_description("[primary]\nnetwork = 1\ntoken_env = \"MY TOKEN\"\nadvertiser = \"a\"\ncampaign = \"c\"\n", "t.toml");
  BOOST_REQUIRE(!bad);
  BOOST_TEST(bad.error().starts_with("t.toml:3:"), bad.error());
}

BOOST_AUTO_TEST_SUITE_END()
