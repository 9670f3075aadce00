// Local ring pools (spec L-1..L-4).
#include "tests/support/allocation_fixture.hpp"

#include "reference/domain/geo.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace ringpool::test::allocation;
using ringpool::domain::Coordinates;

namespace {
std::vector<std::string> local_numbers(const json& pool) {
  std::vector<std::string> out;
  for (const json& n : pool["numbers"])
    if (n["local"] == true) out.push_back(n["number"].get<std::string>());
  return out;
}
// A TOML float that reads back as exactly `value` (shortest round-trip form, always with a point
// or an exponent so that it is not an integer).
std::string toml_float(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}
// One line of an inline `zip = [...]` / `inventory = [...]` array.
std::string zip_entry(std::string_view zipcode, std::string_view state, Coordinates at) {
  return fmt::format("  {{ zipcode = \"{}\", state = \"{}\", latitude = {}, longitude = {} }},\n",
                     zipcode, state, toml_float(at.latitude), toml_float(at.longitude));
}
std::string local_entry(std::string_view first, int count, std::string_view state, Coordinates at) {
  return fmt::format(
      "  {{ kind = \"local\", first = \"{}\", count = {}, state = \"{}\", latitude = {}, "
      "longitude = {} }},\n",
      first, count, state, toml_float(at.latitude), toml_float(at.longitude));
}
// Network 1 (demo-token, adv-1 / camp-1) with only the given local numbers (no toll-free ones, so
// a pool without an overflow number holds nothing but what the local matcher found).
std::string local_world(std::string_view zips, std::string_view inventory) {
  return fmt::format(R"(zip = [
{}]

[[network]]
id = 1
host = "network1.ringpool.test"
tokens = ["demo-token"]
data_dictionary = ["m1"]
inventory = [
{}]

[[network.advertiser]]
id_from_network = "adv-1"
campaigns = ["camp-1"]
)",
                     zips, inventory);
}
// Creates pool `id` of `size` numbers without an overflow number, with `fields` (local_center,
// local_number_preferences, tn_prefix_whitelist), runs its local fill and returns its local
// numbers, by number.
std::vector<std::string> local_fill(AllocationFixture& f, const std::string& id, json fields,
                                    int size = 3) {
  fields["id_from_network"] = id;
  fields["max_pool_size"] = size;
  fields["allow_overflow"] = false;
  fields["fill_immediately"] = true;
  Pool p = f.create_pool(fields);
  f.advance(600);
  return local_numbers(f.inspect(p.id));
}
using Numbers = std::vector<std::string>;

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

// Precedence: a non-empty tn_prefix beats zipcode, which beats latitude/longitude; the loser is
// ignored, not intersected (212 is thousands of miles from 90210 and 700 from Chicago). An empty
// tn_prefix counts as absent.
BOOST_AUTO_TEST_CASE(L_3_tn_prefix_beats_zipcode_beats_point) {
  const json chicago = {{"latitude", 41.8781}, {"longitude", -87.6298}};  // 312's rate centre
  const auto centre = [&](json fields) {
    json center = chicago;
    center.update(fields);
    return json{{"local_center", center}};
  };
  {
    AllocationFixture f;
    BOOST_TEST(local_fill(f, "all", centre({{"tn_prefix", "212"}, {"zipcode", "90210"}}), 3) ==
               (Numbers{"2125550100", "2125550101", "2125550102"}));
  }
  {
    AllocationFixture f;
    BOOST_TEST(local_fill(f, "zip", centre({{"zipcode", "90210"}})) ==
               (Numbers{"3105550100", "3105550101", "3105550102"}));
  }
  {
    AllocationFixture f;
    BOOST_TEST(local_fill(f, "empty", centre({{"tn_prefix", ""}, {"zipcode", "90210"}})) ==
               (Numbers{"3105550100", "3105550101", "3105550102"}));
  }
  {
    AllocationFixture f;
    BOOST_TEST(local_fill(f, "point", centre({{"tn_prefix", ""}})) ==
               (Numbers{"3125550100", "3125550101", "3125550102"}));
  }
}

// The radius is inclusive: a number whose rate centre is exactly search_radius_miles (100.0 to the
// last bit, by the matcher's own great-circle distance) from the ZIP's centre or from the point is
// a candidate; one the smallest possible step further north is not. In the default world no ZIP is a
// whole number of miles from a rate centre (the nearest miss is 0.00006 miles), and the radius is
// an integer, so the world is constructed.
BOOST_AUTO_TEST_CASE(L_3_radius_inclusive_number_exactly_at_search_radius) {
  using ringpool::domain::distance_miles;
  const Coordinates centre{39.0, -98.0};
  constexpr double kRadiusMiles = 100.0;
  // East along a parallel just south of the one 100 miles north, the distance grows through
  // 100.0 in steps far finer than one mile: bisect on the longitude for a point at exactly 100.
  std::optional<Coordinates> exact;
  double latitude = centre.latitude + kRadiusMiles / ringpool::domain::kEarthRadiusMiles * 180.0 /
                                          std::numbers::pi;
  for (int attempt = 0; attempt < 64 && !exact; ++attempt) {
    latitude = std::nextafter(latitude, 0.0);
    double west = centre.longitude, east = centre.longitude + 0.01;
    if (distance_miles(centre, {latitude, west}) >= kRadiusMiles) continue;
    while (std::nextafter(west, east) != east) {
      const double middle = west + (east - west) / 2;
      (distance_miles(centre, {latitude, middle}) < kRadiusMiles ? west : east) = middle;
    }
    if (distance_miles(centre, {latitude, east}) == kRadiusMiles)
      exact = Coordinates{latitude, east};
  }
  BOOST_TEST_REQUIRE(exact.has_value());
  // The first latitude north of it that is further than the radius (one step adds ~5e-13 miles).
  Coordinates beyond = *exact;
  for (int step = 0; step < 64 && distance_miles(centre, beyond) <= kRadiusMiles; ++step)
    beyond.latitude = std::nextafter(beyond.latitude, 90.0);
  BOOST_TEST_REQUIRE(distance_miles(centre, beyond) > kRadiusMiles);
  // The spec's formula (haversine, 3958.8 miles) agrees, to rounding.
  const auto haversine = [](Coordinates a, Coordinates b) {
    const double radians = std::numbers::pi / 180.0;
    const double sin_lat = std::sin((b.latitude - a.latitude) * radians / 2);
    const double sin_lon = std::sin((b.longitude - a.longitude) * radians / 2);
    const double h = sin_lat * sin_lat + std::cos(a.latitude * radians) *
                                             std::cos(b.latitude * radians) * sin_lon * sin_lon;
    return 2 * 3958.8 * std::asin(std::sqrt(h));
  };
  BOOST_TEST(std::abs(haversine(centre, *exact) - kRadiusMiles) < 1e-9);

  const std::string world =
      local_world(zip_entry("67401", "KS", centre),
                  local_entry("785-555-0100", 1, "KS", *exact) +
                      local_entry("785-555-0101", 1, "KS", beyond) +
                      local_entry("785-555-0102", 1, "KS", centre));
  // What the loaded world holds: 0100 at exactly the radius, 0101 beyond it.
  {
    AllocationFixture f(inline_world(world));
    const auto& loaded = f.service.world();
    const Coordinates zip = loaded.zips.find("67401")->location;
    const auto& inventory = loaded.networks.at(1).inventory;
    BOOST_TEST_REQUIRE(inventory.size() == 3u);
    BOOST_TEST_REQUIRE(inventory[0].number.str() == "7855550100");
    BOOST_TEST_REQUIRE(distance_miles(zip, inventory[0].location) == kRadiusMiles);
    BOOST_TEST_REQUIRE(distance_miles(zip, inventory[1].location) > kRadiusMiles);
    BOOST_TEST_REQUIRE(distance_miles(zip, inventory[2].location) == 0.0);
  }
  const json zip_centre = {{"zipcode", "67401"}};
  const json point_centre = {{"latitude", centre.latitude}, {"longitude", centre.longitude}};
  const auto within = [&](const json& center, int radius) {
    AllocationFixture f(inline_world(world));
    return local_fill(f, "r", {{"local_center", center},
                               {"local_number_preferences", {{"search_radius_miles", radius}}}});
  };
  BOOST_TEST(within(zip_centre, 100) == (Numbers{"7855550100", "7855550102"}));
  BOOST_TEST(within(point_centre, 100) == (Numbers{"7855550100", "7855550102"}));
  BOOST_TEST(within(zip_centre, 0) == (Numbers{"7855550102"}));  // at the centre itself
  BOOST_TEST(within(point_centre, 0) == (Numbers{"7855550102"}));
  BOOST_TEST(within(zip_centre, 101) == (Numbers{"7855550100", "7855550101", "7855550102"}));
}

// restrict_search_to_state for a point keeps the state of the ZIP nearest the point, even when a
// number of another state is nearer than any of that state.
BOOST_AUTO_TEST_CASE(L_3_point_restricted_to_state_of_nearest_zip) {
  const std::string world = local_world(
      zip_entry("66044", "KS", {39.0, -95.0}) + zip_entry("64106", "MO", {39.0, -93.0}),
      local_entry("816-555-0100", 2, "MO", {39.0, -94.2}) +
          local_entry("913-555-0100", 2, "KS", {39.0, -95.5}));
  const auto fill = [&](double longitude, bool restrict_to_state) {
    AllocationFixture f(inline_world(world));
    const json preferences = {{"restrict_search_to_state", restrict_to_state}};
    return local_fill(f, "s",
                      {{"local_center", {{"latitude", 39.0}, {"longitude", longitude}}},
                       {"local_number_preferences", preferences}},
                      1);
  };
  // At -94.4 the nearest ZIP is 66044 (KS, 0.6 degrees away; 64106 is 1.4), while the nearest
  // number is MO's 816 (0.2 degrees; KS's 913 is 1.1).
  BOOST_TEST(fill(-94.4, true) == (Numbers{"9135550100"}));
  BOOST_TEST(fill(-94.4, false) == (Numbers{"8165550100"}));
  // At -93.8 the nearest ZIP is 64106 (MO).
  BOOST_TEST(fill(-93.8, true) == (Numbers{"8165550100"}));
}

// A non-empty tn_prefix_whitelist keeps only its NPAs; candidates go nearest first, then by
// number. Pools of one number each, created a second apart, take the candidates in that order.
BOOST_AUTO_TEST_CASE(L_3_whitelist_only_listed_npas_nearest_first_then_by_number) {
  const Coordinates centre{39.75, -105.0};
  AllocationFixture f(inline_world(local_world(
      zip_entry("80202", "CO", centre),
      local_entry("303-555-0100", 2, "CO", centre) +            // 0 miles, not listed
          local_entry("719-555-0100", 2, "CO", {39.0, -105.0}) +  // ~52 miles
          local_entry("720-555-0100", 1, "CO", {40.0, -105.0}) +  // ~17 miles
          local_entry("970-555-0100", 1, "CO", {40.0, -105.0}))));  // ~17 miles
  const json whitelisted = {{"local_center", {{"zipcode", "80202"}}},
                            {"tn_prefix_whitelist", {"970", "719", "720"}}};
  std::vector<Pool> pools;
  for (int i = 0; i < 5; ++i) {
    json body = whitelisted;
    body.update({{"id_from_network", "w" + std::to_string(i)},
                 {"max_pool_size", 1},
                 {"allow_overflow", false},
                 {"fill_immediately", true}});
    pools.push_back(f.create_pool(body));
    f.advance(1);
  }
  f.advance(600);
  const std::vector<Numbers> expected{
      {"7205550100"}, {"9705550100"}, {"7195550100"}, {"7195550101"}, {}};
  for (std::size_t i = 0; i < pools.size(); ++i) {
    const json pool = f.inspect(pools[i].id);
    BOOST_TEST(local_numbers(pool) == expected[i], "pool w" << i);
    BOOST_TEST(pool["held"] == expected[i].size(), "pool w" << i);
  }
  // The 303 numbers were in range all along: only the whitelist kept them out.
  BOOST_TEST(local_fill(f, "open", {{"local_center", {{"zipcode", "80202"}}}}, 1) ==
             (Numbers{"3035550100"}));
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
