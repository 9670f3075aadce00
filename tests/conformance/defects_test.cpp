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

// Each defect caught on its clause, on the reference and the variant: mutation_test.cpp.

BOOST_AUTO_TEST_SUITE_END()
