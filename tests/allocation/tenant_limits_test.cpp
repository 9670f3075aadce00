// What one tenant may take (issue 22, findings 3, 4, 6, 7 and 10): C-7's limits (name length,
// destinations per pool, pools per campaign), P-8's immediate return of numbers never handed out
// (create/delete churn cannot drain the inventory), P-4's overflow number as soon as a number
// returns, and long answers (a campaign's list, a clock advance) in pieces that join to the same
// bytes.
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <string>

using namespace ringpool::test::allocation;

namespace {

std::string error_message(const ringpool::api::Response& response) {
  return json::parse(response.body)["errors"].value("invalid_data", "");
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(tenant_limits)

// Finding 3: a name of 1,000,000 characters was stored. 255 characters, counted as code points.
BOOST_AUTO_TEST_CASE(C_7_name_at_most_255_characters_counted_as_code_points) {
  AllocationFixture f;
  const std::string accented = repeat("\xc3\xa9", 255);  // 255 code points, 510 bytes
  auto ok = f.mgmt("POST", kCamp1 + ".json", json{{"id_from_network", "n1"}, {"name", accented}}.dump());
  BOOST_TEST(ok.status == 201, ok);
  for (const std::size_t length : {std::size_t{256}, std::size_t{1'000'000}}) {
    auto refused = f.mgmt("POST", kCamp1 + ".json", json{{"id_from_network", "n2"}, {"name", std::string(length, 'x')}}.dump());
    BOOST_TEST(refused.status == 403, refused.status);
    BOOST_TEST(json::parse(refused.body)["errors"]["class"] == "RecordInvalid");
    BOOST_TEST(error_message(refused).find("255") != std::string::npos, refused.body);
  }
  BOOST_TEST(f.mgmt("GET", kCamp1 + "/n2.json").status == 404);  // nothing changed
}

// Finding 3: 12k destinations were linked to one pool. 100; re-linking one already linked is fine.
BOOST_AUTO_TEST_CASE(C_7_at_most_100_destinations_per_pool) {
  AllocationFixture f;
  f.create_pool({{"id_from_network", "d"}});
  for (int i = 0; i < 100; ++i) {
    auto linked = f.mgmt("PUT", kCamp1 + "/d.json", json{{"destination_phone_number", fmt::format("888-111-{:04}", i)}}.dump());
    BOOST_REQUIRE_MESSAGE(linked.status == 200, linked);
  }
  auto refused = f.mgmt("PUT", kCamp1 + "/d.json", json{{"destination_phone_number", "888-111-9999"}}.dump());
  BOOST_TEST(refused.status == 403, refused);
  BOOST_TEST(error_message(refused).find("100") != std::string::npos, refused.body);
  auto again = f.mgmt("PUT", kCamp1 + "/d.json", json{{"destination_phone_number", "888-111-0042"}}.dump());
  BOOST_TEST(again.status == 200, again.status);
  BOOST_TEST(json::parse(f.mgmt("GET", kCamp1 + "/d.json").body)["customer_phone_numbers"].size() == 100U);
}

// Finding 3: a campaign's pools were unbounded. 1,000; a delete makes room again.
BOOST_AUTO_TEST_CASE(C_7_at_most_1000_pools_per_campaign) {
  AllocationFixture f(inline_world(toll_free_world(2'500)));
  for (int i = 0; i < 1000; ++i) {
    auto created = f.mgmt("POST", kCamp1 + ".json", json{{"id_from_network", fmt::format("p{}", i)}, {"max_pool_size", 1}}.dump());
    BOOST_REQUIRE_MESSAGE(created.status == 201, created);
  }
  auto refused = f.mgmt("POST", kCamp1 + ".json", json{{"id_from_network", "one-too-many"}}.dump());
  BOOST_TEST(refused.status == 403, refused);
  BOOST_TEST(json::parse(refused.body)["errors"]["class"] == "RecordInvalid");
  BOOST_TEST(error_message(refused).find("1000") != std::string::npos, refused.body);
  BOOST_TEST(f.mgmt("POST", kCamp2 + ".json", json{{"id_from_network", "elsewhere"}}.dump()).status == 201);
  BOOST_TEST(f.mgmt("DELETE", kCamp1 + "/p0.json").status == 200);
  BOOST_TEST(f.mgmt("POST", kCamp1 + ".json", json{{"id_from_network", "one-too-many"}}.dump()).status == 201);
}

// Finding 6: rounds of create(fill_immediately) + delete put a whole inventory into aging. P-8:
// numbers never handed out return at once; a number that was leased still ages.
BOOST_AUTO_TEST_CASE(P_8_numbers_never_handed_out_return_at_once_so_churn_cannot_drain) {
  AllocationFixture f(inline_world(toll_free_world(100)));
  for (int round = 0; round < 120; ++round) {
    f.create_pool({{"id_from_network", "churn"}, {"max_pool_size", 100}, {"fill_immediately", true}});
    BOOST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/churn.json").status == 200);
  }
  Pool fresh = f.create_pool({{"id_from_network", "fresh"}, {"max_pool_size", 100}, {"fill_immediately", true}});
  json view = f.inspect(fresh.id);
  BOOST_TEST(view["held"] == 100);
  BOOST_TEST(view["inventory"]["aging"] == 0);
  BOOST_TEST(f.allocate(fresh).status == 200);
  // The leased number ages when its pool goes; the 99 others return at once.
  BOOST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/fresh.json").status == 200);
  Pool after = f.create_pool({{"id_from_network", "after"}, {"max_pool_size", 100}, {"fill_immediately", true}});
  view = f.inspect(after.id);
  BOOST_TEST(view["held"] == 99);
  BOOST_TEST(view["inventory"]["aging"] == 1);
}

// The overflow number was answered to visitors: it can be called, so it ages like a leased one.
BOOST_AUTO_TEST_CASE(P_8_an_overflow_number_that_was_answered_ages) {
  AllocationFixture f(inline_world(toll_free_world(10)));
  Pool pool = f.create_pool({{"id_from_network", "o"}, {"max_pool_size", 1}});
  BOOST_TEST(f.allocate_ok(pool).value("overflow", false));
  BOOST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/o.json").status == 200);
  Pool next = f.create_pool({{"id_from_network", "n"}, {"max_pool_size", 1}});
  BOOST_TEST(f.inspect(next.id)["inventory"]["aging"] == 1);
}

// Finding 7: an allow_overflow pool born into an empty inventory got its overflow number only at
// the next autoscaling tick after an allocation failed. P-4: as soon as a number is available.
BOOST_AUTO_TEST_CASE(P_4_overflow_number_as_soon_as_a_number_returns) {
  AllocationFixture f(inline_world(toll_free_world(3, "aging_seconds = 60\nautoscale_interval_seconds = 3600")));
  Pool hog = f.create_pool({{"id_from_network", "hog"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  f.allocate_ok(hog);  // one number handed out: it will age
  Pool late = f.create_pool({{"id_from_network", "late"}, {"max_pool_size", 3}});
  BOOST_TEST(f.inspect(late.id)["held"] == 0);
  BOOST_TEST(f.allocate(late).status == 503);
  // The hog goes: its two numbers never handed out return at once, and late takes one of them
  // as its overflow number, with no tick and no advance.
  BOOST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/hog.json").status == 200);
  json view = f.inspect(late.id);
  BOOST_TEST(view["held"] == 1, view.dump());
  BOOST_TEST(!view["overflow_number"].is_null(), view.dump());
  BOOST_TEST(f.allocate(late).status == 200);
}

BOOST_AUTO_TEST_CASE(P_4_overflow_number_at_the_aging_end_not_the_next_tick) {
  AllocationFixture f(inline_world(toll_free_world(2, "aging_seconds = 60\nautoscale_interval_seconds = 3600")));
  Pool hog = f.create_pool({{"id_from_network", "hog"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  f.allocate_ok(hog, "m1=a");
  f.allocate_ok(hog, "m1=b");  // both handed out (one leased, one as overflow): both age
  Pool late = f.create_pool({{"id_from_network", "late"}, {"max_pool_size", 2}});
  BOOST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/hog.json").status == 200);
  f.advance(59.999);
  BOOST_TEST(f.inspect(late.id)["held"] == 0);
  f.advance(0.001);  // the aging ends; the next tick is an hour away
  BOOST_TEST(f.inspect(late.id)["held"] == 1);
  BOOST_TEST(f.allocate(late).status == 200);
}

// Finding 4: the list was built under the service's lock for its whole length. In pieces of
// kListPiecePools pools, joined to the very bytes of the whole list.
BOOST_AUTO_TEST_CASE(M_1_list_in_pieces_joins_to_the_whole_list) {
  AllocationFixture f;
  for (int i = 0; i < 40; ++i) f.create_pool({{"id_from_network", fmt::format("l{:02}", i)}}, kCamp2);
  const auto request = ringpool::api::make_request("GET", kCamp2 + ".json", {}, f.authorized(ringpool::test::kDemoToken));
  const std::string whole = f.service.handle(request).body;
  ringpool::api::Response pieces = f.service.handle_in_pieces(request);
  BOOST_REQUIRE(static_cast<bool>(pieces.next_piece));
  std::string joined = pieces.body;
  int count = 0;
  while (auto piece = pieces.next_piece()) {
    joined += std::move(*piece).bytes();
    ++count;
  }
  BOOST_TEST(count >= 3);
  BOOST_TEST(joined == whole);
  BOOST_TEST(json::parse(whole).size() >= 40U);  // camp-2's declared pools too
}

// A list piece is written after the service's lock is released (another network then waits only
// for the copy): what it writes is what the pools were when it was taken, not a later state.
BOOST_AUTO_TEST_CASE(M_1_a_list_piece_writes_the_pools_as_they_were_when_taken) {
  AllocationFixture f;
  f.create_pool({{"id_from_network", "before"}, {"name", "old name"}}, kCamp2);
  const auto request = ringpool::api::make_request("GET", kCamp2 + ".json", {}, f.authorized(ringpool::test::kDemoToken));
  const std::string whole = f.service.handle(request).body;
  ringpool::api::Response pieces = f.service.handle_in_pieces(request);
  std::vector<ringpool::api::Piece> taken;
  while (auto piece = pieces.next_piece()) taken.push_back(std::move(*piece));
  BOOST_REQUIRE(!taken.empty());
  BOOST_TEST(static_cast<bool>(taken.front().render));  // pools are rendered outside the lock
  BOOST_REQUIRE(f.mgmt("PUT", kCamp2 + "/before.json", json{{"name", "new name"}}.dump()).status == 200);
  BOOST_REQUIRE(f.mgmt("DELETE", kCamp2 + "/before.json").status == 200);
  std::string joined = pieces.body;
  for (ringpool::api::Piece& piece : taken) joined += std::move(piece).bytes();
  BOOST_TEST(joined == whole);
  BOOST_TEST(joined.find("old name") != std::string::npos);
}

// Finding 10: a 3.2e9 s advance held the server for 22.6 s. With a stopwatch, it comes in pieces
// of at most kAdvanceSliceMs of work (here a stopwatch that moves 20 ms per reading), and ends at
// the same clock as an advance in one go.
BOOST_AUTO_TEST_CASE(T_4_long_advance_in_slices_ends_where_one_advance_ends) {
  ringpool::api::ServiceOptions options = control_options();
  double fake_ms = 0;
  options.stopwatch_ms = [&fake_ms] { return fake_ms += 20; };
  AllocationFixture sliced(ringpool::world_file::load_default_world(kSeed), options);
  AllocationFixture whole;
  sliced.create_pool({{"id_from_network", "a"}});
  whole.create_pool({{"id_from_network", "a"}});
  const std::string body = json{{"seconds", 3.0e8}}.dump();
  ringpool::api::Headers headers;
  headers.emplace("X-Control-Token", std::string(ringpool::test::kControlToken));
  ringpool::api::Response response =
      sliced.service.handle_in_pieces(ringpool::api::make_request("POST", "/_control/clock/advance", body, headers));
  BOOST_REQUIRE(static_cast<bool>(response.next_piece));
  int pieces = 0;
  std::string last;
  while (auto piece = response.next_piece()) {
    ++pieces;
    if (std::string bytes = std::move(*piece).bytes(); !bytes.empty()) last = bytes;
  }
  BOOST_TEST(pieces > 2);
  BOOST_TEST(last == whole.control("POST", "/_control/clock/advance", body).body);
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
