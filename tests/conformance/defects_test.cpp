// A suite that passes a broken server is worse than none: each injected defect breaks one [doc]
// clause, and the vendor profile must report a failure of exactly that clause.
#include "conformance_fixture.hpp"
#include "conformance/client_url.hpp"
#include "conformance/defects.hpp"
#include "reference/api/wire_paths.hpp"

using namespace ringpool;
using namespace ringpool::conformance;

BOOST_AUTO_TEST_SUITE(defects)

BOOST_AUTO_TEST_CASE(there_are_at_least_eight_defects_across_the_three_apis_and_leases) {
  std::set<char> areas;
  for (const DefectInfo& defect : known_defects()) areas.insert(defect.clause.front());
  BOOST_TEST(known_defects().size() >= 8u);
  BOOST_TEST(areas.count('M') == 1u);  // management
  BOOST_TEST(areas.count('A') == 1u);  // legacy allocation
  BOOST_TEST(areas.count('B') == 1u);  // Bulk
  BOOST_TEST(areas.count('P') == 1u);  // leases
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

// Each defect caught on its clause, on the reference and the variant: mutation_test.cpp.

BOOST_AUTO_TEST_SUITE_END()
