// A suite that passes a broken server is worse than none: each injected defect breaks one [doc]
// clause, and the vendor profile must report a failure of exactly that clause.
#include "conformance_fixture.hpp"
#include "conformance/defects.hpp"

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

BOOST_AUTO_TEST_CASE(each_defect_is_reported_as_a_failure_of_its_clause) {
  for (const DefectInfo& defect : known_defects()) {
    BOOST_TEST_CONTEXT("defect " << defect.name) {
      ReferenceTarget reference("conformance-control");
      DefectiveTarget broken(reference, defect.name, "demo-token");
      const RunResult run = run_scenarios(broken, testing::shipped_scenarios(),
                                          testing::run_options(Profile::Vendor, broken, "conformance-control"));
      const std::set<std::string> failed = testing::failed_clauses(run);
      BOOST_TEST(run.summary().failed > 0u);
      BOOST_TEST(failed.contains(defect.clause), "failed clauses: " << [&] {
        std::string out;
        for (const std::string& clause : failed) out += clause + " ";
        return out;
      }());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
