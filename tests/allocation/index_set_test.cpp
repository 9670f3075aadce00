// IndexSet, the inventory's bitmap of available numbers: it must behave exactly as the ordered
// std::set it replaced (same elements, same ascending order, same lowest), whatever the order of
// inserts and erases.
#include "reference/domain/index_set.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <set>
#include <vector>

using ringpool::domain::IndexSet;

BOOST_AUTO_TEST_SUITE(index_set)

BOOST_AUTO_TEST_CASE(an_empty_set_has_no_lowest_and_nothing_to_iterate) {
  IndexSet set;
  BOOST_TEST(set.empty());
  BOOST_TEST(!set.lowest().has_value());
  BOOST_TEST((set.begin() == set.end()));
  BOOST_TEST(!set.erase(5));
  BOOST_TEST(set.check());
}

BOOST_AUTO_TEST_CASE(the_lowest_follows_erases_across_words_and_comes_back_with_an_insert) {
  IndexSet set;
  BOOST_TEST(set.insert(3));
  BOOST_TEST(set.insert(64));
  BOOST_TEST(set.insert(200));
  BOOST_TEST(!set.insert(64));  // already there
  BOOST_TEST(*set.lowest() == 3u);
  BOOST_TEST(set.erase(3));
  BOOST_TEST(*set.lowest() == 64u);
  BOOST_TEST(set.erase(64));
  BOOST_TEST(*set.lowest() == 200u);
  BOOST_TEST(set.erase(200));
  BOOST_TEST(!set.lowest().has_value());
  BOOST_TEST(set.insert(130));
  BOOST_TEST(*set.lowest() == 130u);
  BOOST_TEST(set.insert(1));
  BOOST_TEST(*set.lowest() == 1u);
  BOOST_TEST(set.size() == 2u);
  BOOST_TEST(set.check());
}

RC_BOOST_PROP(behaves_as_an_ordered_set, (const std::vector<std::pair<bool, std::uint16_t>>& operations)) {
  IndexSet set;
  std::set<std::uint32_t> model;
  for (const auto& [insert, value] : operations) {
    const std::uint32_t index = value % 1000;  // dense enough that erases hit
    if (insert) RC_ASSERT(set.insert(index) == model.insert(index).second);
    else RC_ASSERT(set.erase(index) == (model.erase(index) == 1));
    RC_ASSERT(set.size() == model.size());
    RC_ASSERT(set.check());
    if (model.empty()) RC_ASSERT(!set.lowest().has_value());
    else RC_ASSERT(*set.lowest() == *model.begin());
    RC_ASSERT(set.contains(index) == model.contains(index));
  }
  RC_ASSERT(std::vector<std::uint32_t>(set.begin(), set.end()) == std::vector<std::uint32_t>(model.begin(), model.end()));
}

BOOST_AUTO_TEST_SUITE_END()
