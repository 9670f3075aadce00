// Preflight (conformance/preflight.hpp) judged by what a valid server answers: a ready target has
// no problem (what cannot be seen without a state change is "not verified"), and each setup
// mistake is one problem with its fix — against the in-process reference and over loopback HTTP.
#include "conformance/http_target.hpp"
#include "conformance/preflight.hpp"
#include "conformance/reference_target.hpp"
#include "conformance/target_tokens.hpp"
#include "reference/api/service.hpp"
#include "reference/world_file/world_toml.hpp"
#include "tests/support/http_target_at.hpp"
#include "tests/support/loopback_server.hpp"

#include <boost/test/unit_test.hpp>

#include <ostream>

namespace ringpool::conformance {
inline std::ostream& operator<<(std::ostream& out, PreflightStatus status) { return out << preflight_status_name(status); }
}  // namespace ringpool::conformance

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

constexpr const char* kControl = "preflight-control";

PreflightOptions options_for(std::string run_id = "pfrun", std::string control = kControl) {
  PreflightOptions options;
  options.run_id = std::move(run_id);
  options.control_token = std::move(control);
  options.token_origins = {{"primary", "RINGPOOL_TOKEN", "RINGPOOL_TOKEN"}, {"bulk", "RINGPOOL_TOKEN", "RINGPOOL_TOKEN"},
                           {"second", "RINGPOOL_SECOND_TOKEN", "RINGPOOL_SECOND_TOKEN"}};
  return options;
}

const PreflightItem* find(const PreflightReport& report, std::string_view subject) {
  for (const PreflightItem& item : report.items)
    if (item.subject == subject) return &item;
  return nullptr;
}


}  // namespace

BOOST_AUTO_TEST_SUITE(preflight)

BOOST_AUTO_TEST_CASE(a_ready_target_has_no_problem_and_names_what_it_cannot_verify) {
  ReferenceTarget target(kControl);
  const PreflightReport report = run_preflight(target, default_world_description(), options_for());
  BOOST_TEST(report.ok(), (report.first_problem() ? preflight_problem_line(*report.first_problem()) : ""));
  BOOST_TEST(find(report, "[primary] campaign")->status == PreflightStatus::Ok);
  BOOST_TEST(find(report, "[primary] second_campaign")->status == PreflightStatus::Ok);
  BOOST_TEST(find(report, "[second] campaign")->status == PreflightStatus::Ok);
  BOOST_TEST(find(report, "control token")->status == PreflightStatus::Ok);
  BOOST_TEST(find(report, "[bulk] enablement")->status == PreflightStatus::NotVerified);
  BOOST_TEST(find(report, "[primary] affiliate")->status == PreflightStatus::NotVerified);
}

BOOST_AUTO_TEST_CASE(a_refused_token_names_its_source_and_the_variable_to_set) {
  ReferenceTarget target(kControl);
  TargetDescription description = default_world_description();
  description.contexts.at("second").token = "not-their-token";
  const PreflightReport report = run_preflight(target, description, options_for());
  const PreflightItem* problem = report.first_problem();
  BOOST_REQUIRE(problem != nullptr);
  BOOST_TEST(problem->subject == "[second] token");
  BOOST_TEST(problem->detail.find("from RINGPOOL_SECOND_TOKEN") != std::string::npos, problem->detail);
  BOOST_TEST(problem->detail.find("not-their-token") == std::string::npos);  // never the secret itself
  BOOST_TEST(problem->fix == "export RINGPOOL_SECOND_TOKEN=<the API token of network 2>");
}

BOOST_AUTO_TEST_CASE(a_campaign_the_server_lacks_is_a_problem_not_a_failure) {
  ReferenceTarget target(kControl);
  TargetDescription description = default_world_description();
  description.contexts.at("primary").second_campaign = "camp-gone";
  const PreflightReport report = run_preflight(target, description, options_for());
  BOOST_REQUIRE(report.first_problem() != nullptr);
  BOOST_TEST(report.first_problem()->subject == "[primary] second_campaign");
  BOOST_TEST(report.first_problem()->detail.find("'camp-gone'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pools_of_the_run_id_already_there_stop_the_run) {
  ReferenceTarget target(kControl);
  const Exchange created = target.send(
      ApiKind::Management,
      api::make_request("POST", "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-2/ring_pools.json",
                        R"({"id_from_network":"pfrun-left-behind"})", {{"Authorization", "demo-token"}, {"Content-Type", "application/json"}}));
  BOOST_REQUIRE(created.response && created.response->status == 201);
  const PreflightReport report = run_preflight(target, default_world_description(), options_for());
  BOOST_REQUIRE(report.first_problem() != nullptr);
  BOOST_TEST(report.first_problem()->subject == "run id");
  BOOST_TEST(report.first_problem()->detail.find("pfrun-left-behind") != std::string::npos);
  BOOST_TEST(run_preflight(target, default_world_description(), options_for("another")).ok());
}

BOOST_AUTO_TEST_CASE(pool_identity_is_checked_on_a_listed_pool) {
  ReferenceTarget target(kControl);
  // The default world declares a pool in camp-2: its body is where the fields are looked for.
  BOOST_TEST(find(run_preflight(target, default_world_description(), options_for()), "[pool_identity]")->status ==
             PreflightStatus::Ok);
  TargetDescription description = default_world_description();
  description.pool_id_field = "legacy_id";
  const PreflightReport report = run_preflight(target, description, options_for());
  BOOST_REQUIRE(report.first_problem() != nullptr);
  BOOST_TEST(report.first_problem()->subject == "[pool_identity]");
  BOOST_TEST(report.first_problem()->detail.find("'legacy_id'") != std::string::npos);
  BOOST_TEST(report.first_problem()->fix == "set [pool_identity] id_field to the pool body's field that holds it");
}

BOOST_AUTO_TEST_CASE(the_control_token_refused_or_missing_is_a_problem) {
  ReferenceTarget target(kControl);
  PreflightReport wrong = run_preflight(target, default_world_description(), options_for("pfrun", "wrong"));
  BOOST_REQUIRE(wrong.first_problem() != nullptr);
  BOOST_TEST(wrong.first_problem()->subject == "control token");
  BOOST_TEST(wrong.first_problem()->fix.find("RINGPOOL_CONTROL_TOKEN") != std::string::npos);
  PreflightReport none = run_preflight(target, default_world_description(), options_for("pfrun", ""));
  BOOST_REQUIRE(none.first_problem() != nullptr);
  BOOST_TEST(none.first_problem()->detail.find("no control token was given") != std::string::npos);
  // Declared away, the control API is left alone.
  TargetDescription without = default_world_description();
  for (const char* name : {"clock", "inspect"}) without.capabilities.insert_or_assign(name, false);
  BOOST_TEST(run_preflight(target, without, options_for("pfrun", "")).ok());
}

BOOST_AUTO_TEST_CASE(over_http_a_server_that_is_not_a_ringpool_needs_a_target_file) {
  api::Service service(world_file::load_default_world(1));
  transport::HttpServerOptions options = testing::loopback_options();
  options.server_header = "vendor-server/1.0";
  testing::LoopbackServer server(service, options);
  auto target = testing::http_target_at(server.url(), "", 5);
  PreflightOptions preflight = options_for("pfrun", "");
  preflight.default_description = true;
  const PreflightReport report = run_preflight(*target, default_world_description(), preflight);
  BOOST_REQUIRE(report.first_problem() != nullptr);
  BOOST_TEST(report.first_problem()->subject == "target file");
  BOOST_TEST(!report.ringpool_server);
  // Declared: a clock the server does not serve (no --control) contradicts the server.
  TargetDescription declared = default_world_description();
  declared.capabilities.insert_or_assign("clock", true);
  const PreflightReport contradicted = run_preflight(*target, declared, options_for("pfrun", ""));
  BOOST_REQUIRE(contradicted.first_problem() != nullptr);
  BOOST_TEST(contradicted.first_problem()->subject == "declared capabilities");
}

BOOST_AUTO_TEST_CASE(no_answer_is_diagnosed_once_and_nothing_else_is_tried) {
  auto target = testing::http_target_at("http://127.0.0.1:1", kControl, 5);
  PreflightOptions options = options_for();
  int diagnosed = 0;
  options.diagnose = [&diagnosed](const std::string& base, const std::string&) {
    ++diagnosed;
    return std::pair<std::string, std::string>{"nothing listens on " + base, "start it"};
  };
  const PreflightReport report = run_preflight(*target, default_world_description(), options);
  BOOST_TEST(diagnosed == 1);
  BOOST_REQUIRE(report.first_problem() != nullptr);
  BOOST_TEST(report.items.size() == 1u);
  BOOST_TEST(preflight_problem_line(*report.first_problem()) ==
             "reachable (management): nothing listens on http://127.0.0.1:1. Fix: start it");
}

BOOST_AUTO_TEST_SUITE_END()
