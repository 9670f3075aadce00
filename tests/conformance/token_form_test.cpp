// M-6 [dec]: a valid server may take the API token in only one form of the Authorization header.
// The run learns the form (the target file's token_form, else preflight's probe) and sends every
// management request so: a Bearer-only server passes the vendor profile, and a refused token is
// refused in every form before preflight calls it a setup problem.
#include "conformance_fixture.hpp"
#include "valid_space.hpp"

#include "conformance/preflight.hpp"
#include "conformance/reference_target.hpp"
#include "conformance/token_form.hpp"
#include "conformance/valid_server.hpp"
#include "conformance/verdict.hpp"
#include "tests/support/drawn_server.hpp"

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

PreflightOptions preflight_options() {
  PreflightOptions options;
  options.run_id = "tfrun";
  options.control_token = testing::kValidSpaceToken;
  return options;
}

// The drawn server's target file as a vendor would write it: token_form left out.
TargetDescription written_description(const valid::Draw& draw) {
  auto parsed = parse_target_description(valid::description_toml(draw), "drawn.toml");
  BOOST_REQUIRE_MESSAGE(parsed.has_value(), parsed.error());
  return *parsed;
}

// A wrong server: it reads the token only as oauth_token (query or body), never from the
// Authorization header, which M-6 [doc] names.
class HeaderIgnoringTarget final : public Target {
 public:
  std::string describe() const override { return "reference, Authorization header ignored"; }
  std::string base_url(ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world) override {
    return inner_.begin_scenario(seed, world);
  }
  Exchange send(ApiKind api, const api::Request& request) override {
    api::Request stripped = request;
    if (api == ApiKind::Management) stripped.headers.erase("Authorization");
    return inner_.send(api, stripped);
  }
  std::vector<std::string_view> built_in_capabilities() const override { return inner_.built_in_capabilities(); }
  bool begins_afresh() const override { return inner_.begins_afresh(); }

 private:
  ReferenceTarget inner_{testing::kValidSpaceToken};
};

RunResult run_vendor(const valid::Draw& draw, const TargetDescription& description) {
  VariantTarget target(testing::kValidSpaceToken, draw);
  RunOptions options = testing::run_options(Profile::Vendor, target, testing::kValidSpaceToken);
  options.description = description;
  options.capabilities = probe_capabilities(target, description, testing::kValidSpaceToken);
  return run_scenarios(target, testing::shipped_scenarios(), options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(token_form)

BOOST_AUTO_TEST_CASE(attach_token_puts_the_token_where_the_form_says) {
  api::Request header = api::make_request("GET", "/x.json");
  attach_token(header, "t k", TokenForm::Header);
  BOOST_TEST(*header.header("Authorization") == "t k");
  api::Request bearer = api::make_request("GET", "/x.json");
  attach_token(bearer, "tk", TokenForm::Bearer);
  BOOST_TEST(*bearer.header("Authorization") == "Bearer tk");
  api::Request query = api::make_request("GET", "/x.json?a=1");
  attach_token(query, "t&k", TokenForm::Query);
  BOOST_TEST(query.target == "/x.json?a=1&oauth_token=t%26k");
  BOOST_TEST(!query.header("Authorization"));
  for (TokenForm form : kTokenForms) BOOST_TEST((parse_token_form(token_form_name(form)) == form));
  BOOST_TEST(!parse_token_form("basic"));
}

BOOST_AUTO_TEST_CASE(the_target_file_may_declare_the_form_and_a_wrong_one_names_the_choices) {
  const std::string table = "[primary]\nnetwork = 1\nadvertiser = \"a\"\ncampaign = \"c\"\n";
  auto declared = parse_target_description(table + "token_form = \"bearer\"\n", "t.toml");
  BOOST_TEST_REQUIRE(declared.has_value(), declared.error());
  BOOST_TEST((declared->contexts.at("primary").token_form == TokenForm::Bearer));
  BOOST_TEST(declared->contexts.at("primary").token_form_declared);
  auto wrong = parse_target_description(table + "token_form = \"basic\"\n", "t.toml");
  BOOST_TEST_REQUIRE(!wrong.has_value());
  BOOST_TEST(wrong.error().find("t.toml:5") != std::string::npos, wrong.error());
  BOOST_TEST(wrong.error().find("\"bearer\"") != std::string::npos, wrong.error());
}

BOOST_AUTO_TEST_CASE(preflight_finds_that_a_server_takes_only_bearer_tokens_and_the_vendor_profile_passes) {
  const valid::Draw draw = testing::draw_with({{"bearer", "bearer-only"}});
  TargetDescription description = written_description(draw);
  // Without the form the server takes, the run is refused everywhere: the test can fail.
  const RunResult unprobed = run_vendor(draw, description);
  BOOST_TEST(run_verdict(unprobed).exit_status != 0);

  VariantTarget target(testing::kValidSpaceToken, draw);
  const PreflightReport report = run_preflight(target, description, preflight_options());
  BOOST_TEST(report.ok(), (report.first_problem() ? preflight_problem_line(*report.first_problem()) : ""));
  BOOST_TEST((report.token_forms.at("primary") == TokenForm::Bearer));
  apply_token_forms(report, description);
  const RunResult run = run_vendor(draw, description);
  BOOST_TEST(run_verdict(run).exit_status == 0, testing::problems_of(run));
}

// Preflight falls back to oauth_token= so that the rest of the suite can run, but the header is
// [doc]: auth-token-locations sends it there and fails M-6.
BOOST_AUTO_TEST_CASE(a_server_that_ignores_the_authorization_header_fails_m_6) {
  HeaderIgnoringTarget target;
  TargetDescription description = default_world_description();
  const PreflightReport report = run_preflight(target, description, preflight_options());
  BOOST_TEST(report.ok(), (report.first_problem() ? preflight_problem_line(*report.first_problem()) : ""));
  BOOST_TEST((report.token_forms.at("primary") == TokenForm::Query));
  apply_token_forms(report, description);
  RunOptions options = testing::run_options(Profile::Vendor, target, testing::kValidSpaceToken);
  options.description = description;
  options.capabilities = probe_capabilities(target, description, testing::kValidSpaceToken);
  const RunResult run = run_scenarios(target, testing::shipped_scenarios(), options);
  BOOST_TEST(run_verdict(run).exit_status == 1);
  const std::set<std::string> failed = testing::failed_clauses(run);
  BOOST_TEST(failed == std::set<std::string>{"M-6"}, testing::problems_of(run));
}

BOOST_AUTO_TEST_CASE(a_declared_form_is_the_only_one_tried) {
  const valid::Draw draw = testing::draw_with({{"bearer", "bearer-only"}});
  TargetDescription description = written_description(draw);
  description.contexts.at("primary").token_form = TokenForm::Header;
  description.contexts.at("primary").token_form_declared = true;
  VariantTarget target(testing::kValidSpaceToken, draw);
  const PreflightReport report = run_preflight(target, description, preflight_options());
  const PreflightItem* problem = report.first_problem();
  BOOST_REQUIRE(problem != nullptr);
  BOOST_TEST(problem->subject == "[primary] token");
  BOOST_TEST(problem->detail.find("(Authorization: <token>)") != std::string::npos, problem->detail);
}

BOOST_AUTO_TEST_CASE(a_token_refused_in_every_form_is_a_setup_problem_that_never_shows_the_token) {
  ReferenceTarget target(testing::kValidSpaceToken);
  TargetDescription description = default_world_description();
  description.contexts.at("primary").token = "not-the-token";
  const PreflightReport report = run_preflight(target, description, preflight_options());
  const PreflightItem* problem = report.first_problem();
  BOOST_REQUIRE(problem != nullptr);
  BOOST_TEST(problem->subject == "[primary] token");
  BOOST_TEST(problem->detail.find("Authorization: Bearer <token>") != std::string::npos, problem->detail);
  BOOST_TEST(problem->detail.find("oauth_token") != std::string::npos, problem->detail);
  BOOST_TEST(problem->detail.find("not-the-token") == std::string::npos, problem->detail);
}

BOOST_AUTO_TEST_SUITE_END()
