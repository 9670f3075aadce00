// The pool-level choices the spec leaves open, as [policy] knobs of a world file (P-2 reuse order,
// P-4 size limit, P-6 rounding, P-7 growth trigger): the reference's defaults and the other
// choice, which the variant conformance target uses. Black-box through the Service, white-box
// through GET /_control/ring_pools/<id>.
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool;
using namespace ringpool::test::allocation;

namespace {

domain::World world_with_policy(const std::string& policy) { return default_world_with("[policy]\n" + policy); }

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(policy_choices)

BOOST_AUTO_TEST_CASE(defaults_are_the_reference_choices) {
  const domain::ReferencePolicy policy = world_file::load_default_world(kSeed).policy;
  BOOST_TEST((policy.reuse_order == domain::ReuseOrder::LeastRecentlyUsed));
  BOOST_TEST((policy.growth_trigger == domain::GrowthTrigger::Tick));
  BOOST_TEST((policy.initial_fill_rounding == domain::FillRounding::Up));
  BOOST_TEST(policy.overflow_within_max_pool_size);
}

BOOST_AUTO_TEST_CASE(world_file_knobs_are_parsed_and_checked) {
  const domain::ReferencePolicy policy =
      world_with_policy("reuse_order = \"most_recently_used\"\ngrowth_trigger = \"on_demand\"\n"
                        "initial_fill_rounding = \"down\"\noverflow_within_max_pool_size = false\n")
          .policy;
  BOOST_TEST((policy.reuse_order == domain::ReuseOrder::MostRecentlyUsed));
  BOOST_TEST((policy.growth_trigger == domain::GrowthTrigger::OnDemand));
  BOOST_TEST((policy.initial_fill_rounding == domain::FillRounding::Down));
  BOOST_TEST(!policy.overflow_within_max_pool_size);

  std::string text(world_file::default_world_toml());
  text += "\n[policy]\nreuse_order = \"random\"\n";
  const auto bad = world_file::load_world(text, "w.toml", kSeed);
  BOOST_REQUIRE(!bad);
  const std::string message = bad.error().describe();
  BOOST_TEST(message.find("reuse_order") != std::string::npos, message);
  BOOST_TEST(message.find("\"least_recently_used\" or \"most_recently_used\"") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(P_2_most_recently_used_reuse_takes_the_number_idle_shortest) {
  AllocationFixture f(world_with_policy("reuse_order = \"most_recently_used\""));
  const Pool p = f.create_pool({{"id_from_network", "mru"}, {"max_pool_size", 4}, {"fill_immediately", true},
                                {"lifetime_seconds", 60}});
  // Three leases ending at t=60, 70 and 80.
  const std::string first = f.allocate_ok(p, "m1=a")["promo_number"];
  f.advance(10);
  f.allocate_ok(p, "m1=b");
  f.advance(10);
  const std::string third = f.allocate_ok(p, "m1=c")["promo_number"];
  f.advance(70);  // t=90: all three idle, the third most recently
  BOOST_TEST(f.allocate_ok(p, "m1=d")["promo_number"] == third);
  BOOST_TEST(third != first);
}

BOOST_AUTO_TEST_CASE(P_4_overflow_number_on_top_of_max_pool_size) {
  AllocationFixture f(world_with_policy("overflow_within_max_pool_size = false"));
  const Pool p = f.create_pool({{"id_from_network", "top"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(p.id)["held"] == 4);
  for (int i = 0; i < 3; ++i) BOOST_TEST(!f.allocate_ok(p, "m1=" + std::to_string(i)).contains("overflow"));
  BOOST_TEST(f.allocate_ok(p, "m1=last").at("overflow") == true);
  // Without allow_overflow nothing is reserved: max_pool_size trackable numbers, as before.
  const Pool plain = f.create_pool({{"id_from_network", "plain"}, {"max_pool_size", 3}, {"fill_immediately", true},
                                    {"allow_overflow", false}});
  BOOST_TEST(f.inspect(plain.id)["held"] == 3);
}

BOOST_AUTO_TEST_CASE(P_6_fill_rounded_down_keeps_the_overflow_number) {
  AllocationFixture f(world_with_policy("initial_fill_rounding = \"down\""));
  BOOST_TEST(f.inspect(f.create_pool({{"id_from_network", "d30"}, {"max_pool_size", 30}}).id)["held"] == 3);
  BOOST_TEST(f.inspect(f.create_pool({{"id_from_network", "d39"}, {"max_pool_size", 39}}).id)["held"] == 3);
  // 10 % of 5 rounds down to none, but the overflow number is held so that A-12 holds at once.
  const Pool five = f.create_pool({{"id_from_network", "d5"}, {"max_pool_size", 5}});
  BOOST_TEST(f.inspect(five.id)["held"] == 1);
  BOOST_TEST(f.allocate_ok(five, "m1=1").at("overflow") == true);
  BOOST_TEST(f.inspect(f.create_pool({{"id_from_network", "d5n"}, {"max_pool_size", 5}, {"allow_overflow", false}})
                           .id)["held"] == 0);
}

BOOST_AUTO_TEST_CASE(P_7_growth_on_demand_acquires_a_number_at_once_up_to_the_limit) {
  AllocationFixture f(world_with_policy("growth_trigger = \"on_demand\""));
  const Pool p = f.create_pool({{"id_from_network", "od"}, {"max_pool_size", 5}, {"lifetime_seconds", 600}});
  BOOST_TEST(f.inspect(p.id)["held"] == 2);
  for (int i = 0; i < 4; ++i) BOOST_TEST(!f.allocate_ok(p, "m1=" + std::to_string(i)).contains("overflow"), i);
  BOOST_TEST(f.inspect(p.id)["held"] == 5);  // the limit, the overflow number included
  BOOST_TEST(f.allocate_ok(p, "m1=over").at("overflow") == true);
}

BOOST_AUTO_TEST_CASE(P_7_growth_on_demand_means_ticks_do_not_grow) {
  AllocationFixture f(world_with_policy("growth_trigger = \"on_demand\""));
  const Pool p = f.create_pool({{"id_from_network", "nt"}, {"max_pool_size", 20}});
  f.allocate_ok(p, "m1=1");  // leases the one trackable number: utilisation 1.0
  f.advance(300);            // a tick would grow a tick-driven pool here
  BOOST_TEST(f.inspect(p.id)["held"] == 2);
}

BOOST_AUTO_TEST_CASE(P_7_growth_on_demand_waits_for_provisioning) {
  AllocationFixture f(world_with_policy("growth_trigger = \"on_demand\"\nprovision_delay_seconds = 60"));
  const Pool p = f.create_pool({{"id_from_network", "pd"}, {"max_pool_size", 5}, {"lifetime_seconds", 600}});
  f.allocate_ok(p, "m1=1");
  BOOST_TEST(f.allocate_ok(p, "m1=2").at("overflow") == true);  // a number is on its way
  BOOST_TEST(f.allocate_ok(p, "m1=3").at("overflow") == true);  // and one is enough
  BOOST_TEST(f.inspect(p.id)["provisioning"] == 1);
  f.advance(60);
  BOOST_TEST(!f.allocate_ok(p, "m1=4").contains("overflow"));
}

BOOST_AUTO_TEST_CASE(P_1_lease_grace_holds_the_number_past_its_lifetime) {
  AllocationFixture f(world_with_policy("lease_grace_seconds = 30"));
  const Pool p = f.create_pool({{"id_from_network", "g"}, {"max_pool_size", 2}, {"lifetime_seconds", 60}});
  const std::string leased = f.allocate_ok(p, "m1=1")["promo_number"];
  f.advance(60);  // the reference would free it now
  BOOST_TEST(f.allocate_ok(p, "m1=2").at("overflow") == true);
  f.advance(30);
  BOOST_TEST(f.allocate_ok(p, "m1=3")["promo_number"] == leased);
}

BOOST_AUTO_TEST_CASE(P_3_a_repeat_visitor_gets_the_same_number_without_a_new_lease) {
  AllocationFixture f(world_with_policy("repeat_visitors = \"same_number\""));
  const Pool p = f.create_pool({{"id_from_network", "rv"}, {"max_pool_size", 4}, {"fill_immediately", true},
                                {"lifetime_seconds", 60}});
  const json first = f.allocate_ok(p, "site=a&m1=x");
  const json again = f.allocate_ok(p, "m1=x&site=a");  // same parameters, another order
  BOOST_TEST(again["promo_number"] == first["promo_number"]);
  BOOST_TEST(again["tracking_url"] != first["tracking_url"]);  // still an answer of its own (A-10)
  BOOST_TEST(f.allocate_ok(p, "site=b&m1=x")["promo_number"] != first["promo_number"]);
  BOOST_TEST(f.inspect(p.id)["leased"] == 2);
  f.advance(60);  // not renewed: the lease ended at t+L, so the visitor gets a new one
  f.allocate_ok(p, "site=a&m1=x");
  BOOST_TEST(f.inspect(p.id)["leased"] == 1);
}

BOOST_AUTO_TEST_CASE(M_13_preferred_need_not_be_exclusive) {
  AllocationFixture f(world_with_policy("preferred_is_exclusive = false"));
  f.create_pool({{"id_from_network", "a"}, {"preferred", true}});
  f.create_pool({{"id_from_network", "b"}, {"preferred", true}});
  BOOST_TEST(json::parse(f.mgmt("GET", kCamp1 + "/a.json").body)["preferred"] == true);
}

BOOST_AUTO_TEST_CASE(M_4_updates_may_replace_the_settings) {
  AllocationFixture f(world_with_policy("partial_updates = false"));
  f.create_pool({{"id_from_network", "r"}, {"name", "kept?"}, {"max_pool_size", 7}, {"allow_overflow", false}});
  const json updated = json::parse(f.mgmt("PUT", kCamp1 + "/r.json", R"({"lifetime_seconds": 600})").body);
  BOOST_TEST(updated["lifetime_seconds"] == 600);
  BOOST_TEST(updated["name"] == "");          // not given: the default
  BOOST_TEST(updated["max_pool_size"] == 2);
  BOOST_TEST(updated["allow_overflow"] == false);  // M-10: never changes
  BOOST_TEST(updated["id_from_network"] == "r");
}

BOOST_AUTO_TEST_SUITE_END()  // policy_choices
BOOST_AUTO_TEST_SUITE_END()  // allocation
