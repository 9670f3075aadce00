// Local ring pools (spec L-1..L-4).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ringpool::test::allocation;

namespace {
std::vector<std::string> local_numbers(const json& pool) {
  std::vector<std::string> out;
  for (const json& n : pool["numbers"])
    if (n["local"] == true) out.push_back(n["number"].get<std::string>());
  return out;
}
bool toll_free(const std::string& n) {
  const std::string npa = n.substr(0, 3);
  return npa == "800" || npa == "833" || npa == "844" || npa == "855" || npa == "866" ||
         npa == "877" || npa == "888";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(local_pools)

BOOST_AUTO_TEST_CASE(L_1_local_numbers_arrive_after_600s) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "l1"},
                          {"max_pool_size", 3},
                          {"fill_immediately", true},
                          {"local_center", {{"tn_prefix", "212"}}}});
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["held"] == 1);
  BOOST_TEST(pool["local"] == 0);
  BOOST_TEST(toll_free(pool["overflow_number"].get<std::string>()));
  f.advance(599.999);
  BOOST_TEST(f.inspect(p.id)["local"] == 0);
  f.advance(0.001);
  pool = f.inspect(p.id);
  BOOST_TEST(pool["local"] == 2);
  BOOST_TEST(pool["held"] == 3);
  for (const std::string& n : local_numbers(pool)) BOOST_TEST(n.substr(0, 3) == "212", n);
  // Without fill_immediately the target is the initial 10% (min 2): one local trackable number.
  Pool q = f.create_pool({{"id_from_network", "l1b"},
                          {"max_pool_size", 10},
                          {"local_center", {{"tn_prefix", "312"}}}});
  f.advance(600);
  pool = f.inspect(q.id);
  BOOST_TEST(pool["held"] == 2);
  BOOST_TEST(pool["local"] == 1);
}

BOOST_AUTO_TEST_CASE(L_1_local_fill_delay_knob) {
  AllocationFixture f(default_world_with("[policy]\nlocal_fill_delay_seconds = 30\n"));
  Pool p = f.create_pool({{"id_from_network", "l1k"},
                          {"max_pool_size", 3},
                          {"fill_immediately", true},
                          {"local_center", {{"tn_prefix", "212"}}}});
  f.advance(29.999);
  BOOST_TEST(f.inspect(p.id)["local"] == 0);
  f.advance(0.001);
  BOOST_TEST(f.inspect(p.id)["local"] == 2);
}

BOOST_AUTO_TEST_CASE(L_2_local_pool_overflow_until_fill) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "l2"},
                          {"max_pool_size", 3},
                          {"fill_immediately", true},
                          {"local_center", {{"zipcode", "90210"}}}});
  for (int i = 0; i < 3; ++i) {
    json v = f.allocate_ok(p, "m1=" + std::to_string(i));
    BOOST_TEST(v.at("overflow") == true);
    f.advance(100);
  }
  f.advance(300);  // t = 600
  json v = f.allocate_ok(p, "m1=after");
  BOOST_TEST(!v.contains("overflow"), v.dump());
  BOOST_TEST(!toll_free(v["promo_number"].get<std::string>()), v.dump());

  Pool q = f.create_pool({{"id_from_network", "l2n"},
                          {"max_pool_size", 3},
                          {"allow_overflow", false},
                          {"fill_immediately", true},
                          {"local_center", {{"zipcode", "90210"}}}});
  const json before = f.inspect(q.id);
  BOOST_TEST(before["held"] == 0);
  auto r = f.allocate(q, "json", "m1=x");
  BOOST_TEST(r.status == 503, r);
  BOOST_TEST(r.body.rfind("NoNumberAvailable: ", 0) == 0, r);
  f.advance(600);
  BOOST_TEST(f.allocate(q, "json", "m1=y").status == 200);
}

BOOST_AUTO_TEST_CASE(L_3_zipcode_radius_state_nearest_first) {
  AllocationFixture f;
  // 90210 (Beverly Hills): the nearest rate centre is 310 (Beverly Hills), by number.
  Pool near = f.create_pool({{"id_from_network", "l3z"},
                             {"max_pool_size", 3},
                             {"fill_immediately", true},
                             {"local_center", {{"zipcode", "90210"}}}});
  // 415 (San Francisco) is ~340 miles from 90210: outside the default 240, inside 400.
  Pool far_out = f.create_pool({{"id_from_network", "l3r"},
                                {"max_pool_size", 3},
                                {"fill_immediately", true},
                                {"tn_prefix_whitelist", {"415"}},
                                {"local_center", {{"zipcode", "90210"}}}});
  Pool far_in = f.create_pool({{"id_from_network", "l3r4"},
                               {"max_pool_size", 3},
                               {"fill_immediately", true},
                               {"tn_prefix_whitelist", {"415"}},
                               {"local_number_preferences", {{"search_radius_miles", 400}}},
                               {"local_center", {{"zipcode", "90210"}}}});
  // 702 (Las Vegas, NV) is within 400 miles but in another state.
  Pool other_state = f.create_pool({{"id_from_network", "l3s"},
                                    {"max_pool_size", 3},
                                    {"fill_immediately", true},
                                    {"tn_prefix_whitelist", {"702"}},
                                    {"local_number_preferences", {{"search_radius_miles", 400}}},
                                    {"local_center", {{"zipcode", "90210"}}}});
  Pool any_state = f.create_pool({{"id_from_network", "l3a"},
                                  {"max_pool_size", 3},
                                  {"fill_immediately", true},
                                  {"tn_prefix_whitelist", {"702"}},
                                  {"local_number_preferences",
                                   {{"search_radius_miles", 400}, {"restrict_search_to_state", false}}},
                                  {"local_center", {{"zipcode", "90210"}}}});
  // A point: Chicago's centre, nearest first -> 312 (312-555-0100 is the lowest there).
  Pool point = f.create_pool({{"id_from_network", "l3p"},
                              {"max_pool_size", 3},
                              {"fill_immediately", true},
                              {"local_center", {{"latitude", 41.8781}, {"longitude", -87.6298}}}});
  f.advance(600);
  BOOST_TEST((local_numbers(f.inspect(near.id)) ==
              std::vector<std::string>{"3105550100", "3105550101"}));
  BOOST_TEST(f.inspect(far_out.id)["local"] == 0);
  std::vector<std::string> sf = local_numbers(f.inspect(far_in.id));
  BOOST_TEST((sf == std::vector<std::string>{"4155550100", "4155550101"}));
  BOOST_TEST(f.inspect(other_state.id)["local"] == 0);
  BOOST_TEST((local_numbers(f.inspect(any_state.id)) ==
              std::vector<std::string>{"7025550100", "7025550101"}));
  BOOST_TEST((local_numbers(f.inspect(point.id)) ==
              std::vector<std::string>{"3125550100", "3125550101"}));
}

BOOST_AUTO_TEST_CASE(L_4_use_toll_free_fallback) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "l4t"},
                          {"max_pool_size", 4},
                          {"fill_immediately", true},
                          {"tn_prefix_whitelist", {"415"}},
                          {"local_center", {{"zipcode", "90210"}}}});
  f.advance(600);
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["held"] == 4);
  BOOST_TEST(pool["local"] == 0);
  for (const json& n : pool["numbers"]) BOOST_TEST(toll_free(n["number"].get<std::string>()));
  json v = f.allocate_ok(p, "m1=x");
  BOOST_TEST(!v.contains("overflow"));
}

BOOST_AUTO_TEST_CASE(L_4_wait_leaves_slots_empty) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "l4w"},
                          {"max_pool_size", 4},
                          {"fill_immediately", true},
                          {"tn_prefix_whitelist", {"415"}},
                          {"local_number_preferences", {{"allocation_fallback_strategy", "Wait"}}},
                          {"local_center", {{"zipcode", "90210"}}}});
  f.advance(600);
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["held"] == 1);  // the toll-free overflow number only
  BOOST_TEST(pool["local"] == 0);
  BOOST_TEST(f.allocate_ok(p, "m1=x").at("overflow") == true);
  f.advance(3600);  // a retry finds nothing new either
  BOOST_TEST(f.inspect(p.id)["held"] == 1);
}

BOOST_AUTO_TEST_SUITE_END()  // local_pools
BOOST_AUTO_TEST_SUITE_END()  // allocation
