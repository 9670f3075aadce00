// World-file errors (spec W-5): every bad input is refused with the source, line and column and a
// message that says what was expected; nothing throws and nothing crashes.
#include "tests/world/world_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool;
using namespace ringpool::world_file::testing;

namespace {

// kMinimalNetwork followed by `extra` lines inside the same [[network]] table.
std::string network_with(std::string_view extra) { return std::string(kMinimalNetwork) + std::string(extra); }

}  // namespace

BOOST_AUTO_TEST_SUITE(world)

BOOST_AUTO_TEST_CASE(world_error_bad_toml_reports_line) {
  const std::string text = "[[network]]\nid = 1\nhost = \"n1.test\n tokens = [\"t1\"]\n";
  const auto error = load_fails(text, 3, {"test:3:", "invalid TOML"});
  BOOST_TEST(error.describe().starts_with("test:3:"));
  load_fails("[[network]]\nid = 1\nid = 2\n", 3, {"invalid TOML"});  // a key defined twice
  load_fails("[[network]]\nid = 99999999999999999999\n", 2, {"invalid TOML"});  // out of int64
  load_fails(std::string_view("\xff\xfe[network]", 11), 1, {"invalid TOML"});  // not UTF-8
}

BOOST_AUTO_TEST_CASE(world_error_unknown_key_reports_line_and_key) {
  const std::string text = network_with("hots = \"typo.test\"\n");
  const auto error = load_fails(text, line_of(text, "hots"),
                                {"network 1: unknown key \"hots\"", "allowed keys: id, host, tokens"});
  BOOST_TEST(error.column == 1);

  load_fails("nework = 1\n", 1, {"top level: unknown key \"nework\"", "network"});
  const std::string advertiser = network_with("[[network.advertiser]]\nid_from_network = \"a\"\ncampaign = [\"c\"]\n");
  load_fails(advertiser, line_of(advertiser, "campaign ="),
             {"network 1, advertiser \"a\": unknown key \"campaign\"", "campaigns"});
  const std::string range = network_with("inventory = [{ kind = \"toll_free\", first = \"8005550000\", cont = 3 }]\n");
  load_fails(range, line_of(range, "inventory"), {"network 1, inventory entry 1: unknown key \"cont\"", "count"});
  load_fails("[policy]\nagin_seconds = 5\n" + std::string(kMinimalNetwork), 2,
             {"policy: unknown key \"agin_seconds\"", "aging_seconds"});
  load_fails("[faults]\nchaos = true\n" + std::string(kMinimalNetwork), 2, {"faults: unknown key \"chaos\""});
  load_fails("[[zip]]\nzipcode = \"10001\"\ncity = \"New York\"\n", 3, {"unknown key \"city\""});
}

BOOST_AUTO_TEST_CASE(world_error_wrong_types_and_missing_keys) {
  const std::string tokens = "[[network]]\nid = 2\nhost = \"n.test\"\ntokens = \"t1\"\n";
  load_fails(tokens, 4, {"test:4:10: network 2: \"tokens\" must be a non-empty array of strings, not \"t1\""});
  load_fails("[[network]]\nid = 2\nhost = \"n.test\"\ntokens = []\n", 4, {"\"tokens\" must be a non-empty array"});
  load_fails("[[network]]\nid = 2\nhost = \"n.test\"\ntokens = [\"a\", 5]\n", 4, {"\"tokens\" entry 2 must be a string of printable characters", "not 5"});
  load_fails("[[network]]\nid = 2\nhost = \"n.test\"\n", 1, {"network 2: \"tokens\" is required"});
  load_fails("[[network]]\nhost = \"n.test\"\n", 1, {"network entry 1: \"id\" is required"});
  load_fails("[[network]]\nid = \"1\"\n", 2, {"\"id\" must be an integer from 1 to", "not \"1\""});
  load_fails("[[network]]\nid = 0\n", 2, {"not 0"});
  load_fails("[[network]]\nid = 1\nhost = \"has space.test\"\n", 3, {"\"host\" must be a host name"});
  load_fails(network_with("tag_destinations = \"yes\"\n"), 6, {"\"tag_destinations\" must be true or false"});
  load_fails(network_with("data_dictionary = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\", \"k\"]\n"),
             6, {"\"data_dictionary\" must be an array of at most 10 strings"});
  load_fails(network_with("data_dictionary = [\"m1\", \"m1\"]\n"), 6, {"lists \"m1\" twice"});
  load_fails(network_with("data_dictionary = [\"pid\"]\n"), 6, {"the network's affiliate parameter"});
  load_fails(network_with("data_dictionary = [\"referrer\"]\n"), 6, {"a parameter name with a fixed meaning"});
  load_fails(network_with("advertiser = 5\n"), 6, {"\"advertiser\" must be an array of tables"});
  load_fails(network_with("advertiser = [5]\n"), 6, {"entry 1 is 5"});
  load_fails("network = 5\n", 1, {"\"network\" must be an array of tables"});
  load_fails("policy = 5\n" + std::string(kMinimalNetwork), 1, {"\"policy\" must be a table"});
  load_fails("", 1, {"a world needs at least one [[network]]"});
}

BOOST_AUTO_TEST_CASE(world_error_duplicates) {
  const std::string networks = std::string(kMinimalNetwork) + "[[network]]\nid = 1\nhost = \"x.test\"\ntokens = [\"t2\"]\n";
  load_fails(networks, 7, {"id 1 is already used by the network at line 3"});
  const std::string tokens = std::string(kMinimalNetwork) + "[[network]]\nid = 2\nhost = \"x.test\"\ntokens = [\"t1\"]\n";
  load_fails(tokens, 9, {"network 2: token \"t1\" is already a token of network 1"});

  const std::string advertisers = network_with(
      "[[network.advertiser]]\nid_from_network = \"adv\"\n[[network.advertiser]]\nid_from_network = \"adv\"\n");
  load_fails(advertisers, 9, {"\"adv\" is already used by the advertiser at line 7"});
  const std::string affiliates = network_with(
      "[[network.affiliate]]\nid_from_network = \"5567\"\n[[network.affiliate]]\nid_from_network = \"5567\"\n");
  load_fails(affiliates, 9, {"\"5567\" is already used by the affiliate at line 7"});
  const std::string campaigns =
      network_with("[[network.advertiser]]\nid_from_network = \"adv\"\ncampaigns = [\"c\", \"d\", \"c\"]\n");
  load_fails(campaigns, 8, {"advertiser \"adv\": \"campaigns\" lists \"c\" twice"});
  const std::string zips = "zip = [\n  { zipcode = \"10001\", state = \"NY\", latitude = 40, longitude = -74 },\n"
                           "  { zipcode = \"10001\", state = \"NY\", latitude = 40, longitude = -74 },\n]\n";
  load_fails(zips, 3, {"zip 10001: \"zipcode\" \"10001\" is already in the ZIP table (line 2)"});
}

BOOST_AUTO_TEST_CASE(world_error_duplicate_number) {
  // Twice in one network: the later entry is reported, naming the earlier.
  const std::string same_network = network_with(
      "inventory = [\n"
      "  { kind = \"toll_free\", first = \"8005550000\", count = 10 },\n"
      "  { kind = \"toll_free\", first = \"8005550009\", count = 2 },\n"
      "]\n");
  load_fails(same_network, 8,
             {"network 1, inventory entry 2: number 800-555-0009 is also declared in network 1",
              "800-555-0000..800-555-0009, line 7"});

  // In two networks, with the later range starting first.
  const std::string two_networks =
      network_with("inventory = [{ kind = \"toll_free\", first = \"8005550005\" }]\n") +
      "[[network]]\nid = 2\nhost = \"n2.test\"\ntokens = [\"t2\"]\n"
      "inventory = [{ kind = \"toll_free\", first = \"800-555-0000\", count = 6 }]\n";
  load_fails(two_networks, line_of(two_networks, "inventory = [{ kind = \"toll_free\", first = \"800-555-0000\""),
             {"network 2, inventory entry 1: number 800-555-0005 is also declared in network 1 (800-555-0005, line 6)"});
}

BOOST_AUTO_TEST_CASE(world_error_bad_ranges_and_numbers) {
  auto range = [](std::string_view fields) {
    return network_with("inventory = [{ " + std::string(fields) + " }]\n");
  };
  const std::string local = ", state = \"NY\", latitude = 40.7, longitude = -74.0";
  load_fails(range("kind = \"toll_free\", first = \"8889999990\", count = 20"), 6,
             {"\"count\" 20 runs past the end of NPA 888"});
  load_fails(range("kind = \"toll_free\", first = \"8005550000\", count = 0"), 6,
             {"\"count\" must be an integer from 1 to 1000000, not 0"});
  load_fails(range("kind = \"toll_free\", first = \"8005550000\", count = 2000000"), 6, {"not 2000000"});
  load_fails(range("kind = \"toll_free\", first = \"8005550000\", count = -1"), 6, {"not -1"});
  load_fails(range("kind = \"toll_free\", first = \"2125550100\""), 6, {"\"first\" 212-555-0100 is not toll-free"});
  load_fails(range("kind = \"local\", first = \"8005550100\"" + local), 6, {"has a toll-free NPA"});
  load_fails(range("kind = \"mobile\", first = \"8005550000\""), 6,
             {"\"kind\" must be \"toll_free\" or \"local\", not \"mobile\""});
  load_fails(range("kind = \"toll_free\", first = \"8005550000\", state = \"NY\""), 6,
             {"\"state\" applies only to kind = \"local\""});
  for (std::string_view bad : {"\"555-0100\"", "\"1125550100\"", "\"212-555-01000\"", "\"212 555 O100\"", "\"\"",
                               "2125550100"})
    load_fails(range("kind = \"local\", first = " + std::string(bad) + local), 6,
               {"\"first\" must be a 10-digit NANP number"});

  // Local numbers need a state of two uppercase letters and coordinates in range.
  load_fails(range("kind = \"local\", first = \"2125550100\", latitude = 40.7, longitude = -74.0"), 6,
             {"\"state\" is required"});
  for (std::string_view state : {"\"ny\"", "\"NYC\"", "\"N\"", "\"N1\"", "7"})
    load_fails(range("kind = \"local\", first = \"2125550100\", state = " + std::string(state) +
                     ", latitude = 40.7, longitude = -74.0"),
               6, {"\"state\" must be a two-letter state code"});
  load_fails(range("kind = \"local\", first = \"2125550100\", state = \"NY\", latitude = 90.5, longitude = -74.0"), 6,
             {"\"latitude\" must be a number from -90 to 90, not 90.5"});
  load_fails(range("kind = \"local\", first = \"2125550100\", state = \"NY\", latitude = 40, longitude = -180.01"), 6,
             {"\"longitude\" must be a number from -180 to 180"});
  load_fails(range("kind = \"local\", first = \"2125550100\", state = \"NY\", latitude = nan, longitude = 1"), 6,
             {"\"latitude\" must be a number from -90 to 90"});
  load_fails(range("kind = \"local\", first = \"2125550100\", state = \"NY\", latitude = 40"), 6,
             {"\"longitude\" is required"});
}

BOOST_AUTO_TEST_CASE(world_error_bad_zip_entries) {
  auto zip = [](std::string_view fields) { return "zip = [{ " + std::string(fields) + " }]\n"; };
  for (std::string_view code : {"\"9021\"", "\"902100\"", "\"9021O\"", "90210", "\"\""})
    load_fails(zip("zipcode = " + std::string(code) + ", state = \"CA\", latitude = 34, longitude = -118"), 1,
               {"\"zipcode\" must be a string of 5 digits"});
  load_fails(zip("zipcode = \"90210\", state = \"California\", latitude = 34, longitude = -118"), 1,
             {"zip 90210: \"state\" must be a two-letter state code"});
  load_fails(zip("zipcode = \"90210\", state = \"CA\", latitude = -91, longitude = -118"), 1,
             {"\"latitude\" must be a number from -90 to 90"});
  load_fails(zip("zipcode = \"90210\", state = \"CA\", latitude = 34, longitude = 181"), 1,
             {"\"longitude\" must be a number from -180 to 180"});
  load_fails(zip("zipcode = \"90210\", state = \"CA\", latitude = 34"), 1, {"zip 90210: \"longitude\" is required"});
}

BOOST_AUTO_TEST_CASE(world_error_bad_policy_faults_and_start) {
  auto with = [](std::string_view head) { return std::string(head) + std::string(kMinimalNetwork); };
  load_fails(with("[policy]\naging_seconds = -1\n"), 2, {"policy: \"aging_seconds\" must be an integer from 0 to"});
  load_fails(with("[policy]\naging_seconds = 1.5\n"), 2, {"not 1.5"});
  load_fails(with("[policy]\nautoscale_interval_seconds = 0\n"), 2, {"from 1 to"});
  load_fails(with("[policy]\nlocal_retry_seconds = 0\n"), 2, {"from 1 to"});
  load_fails(with("[policy]\ngrow_threshold = 0\n"), 2, {"greater than 0 and at most 1"});
  load_fails(with("[policy]\ngrow_threshold = 1.01\n"), 2, {"\"grow_threshold\" must be a number from 0 to 1"});
  load_fails(with("[policy]\ngrow_percent = 0\n"), 2, {"\"grow_percent\" must be an integer from 1 to 1000"});
  load_fails(with("[policy]\ngrow_percent = 1001\n"), 2, {"from 1 to 1000"});
  load_fails(with("[policy]\nmax_grow_step = 0\n"), 2, {"\"max_grow_step\""});
  load_fails(with("[policy]\nshrink_policy = \"weekly\"\n"), 2,
             {"\"shrink_policy\" must be \"monthly_unused\" or \"idle\", not \"weekly\""});
  load_fails(with("[policy]\nreuse_quarantine_seconds = 9999999999999\n"), 2, {"reuse_quarantine_seconds"});
  load_fails(with("[faults]\ninternal_error_probability = 1.5\n"), 2,
             {"faults: \"internal_error_probability\" must be a number from 0 to 1"});
  load_fails(with("[faults]\ninternal_error_probability = -0.1\n"), 2, {"from 0 to 1"});
  load_fails(with("[faults]\ninventory_exhausted = 1\n"), 2, {"must be true or false"});
  load_fails(with("[faults]\nextra_provision_delay_seconds = -5\n"), 2, {"extra_provision_delay_seconds"});
  load_fails(with("start = \"yesterday\"\n"), 1, {"\"start\" must be a UTC time"});
  load_fails(with("start = 2026-01-01T00:00:00\n"), 1, {"\"start\" must be a UTC time"});  // no offset
  load_fails(with("start = 2026-01-01\n"), 1, {"\"start\" must be a UTC time"});
  load_fails(with("start = \"1969-12-31T00:00:00Z\"\n"), 1, {"\"start\" must be a UTC time"});
}

BOOST_AUTO_TEST_CASE(world_error_never_crashes_on_mangled_default_world) {
  // Every prefix of the default world at a stride, and a few byte substitutions: each load
  // either succeeds or answers a LoadError with a message; none throws.
  const std::string text(world_file::default_world_toml());
  std::size_t failures = 0;
  for (std::size_t length = 0; length < text.size(); length += 251) {
    auto world = world_file::load_world(std::string_view(text).substr(0, length), "cut", 1);
    if (!world) {
      ++failures;
      BOOST_TEST(!world.error().message.empty());
    }
  }
  BOOST_TEST(failures > 0u);
  for (char replacement : {'"', '[', '=', '\n', '0', '-', '\0'}) {
    for (std::size_t at = 0; at < text.size(); at += 997) {
      std::string mangled = text;
      mangled[at] = replacement;
      auto world = world_file::load_world(mangled, "mangled", 1);
      if (!world) BOOST_TEST(!world.error().message.empty());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
