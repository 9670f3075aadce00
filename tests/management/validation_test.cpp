// M-7 (not found), M-8 (bad bodies), M-9..M-17 (field rules), black-box through the in-process
// Service. Every failing request also checks that nothing changed (C-3).
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

using namespace ringpool::test::management;

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

// ---- M-7 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_7_unknown_pool_404_exact_body) {
  create("known");
  const auto before = snapshot();
  Reply reply = get("/unknown-pool.json");
  BOOST_TEST(is_error(reply, 404, "RecordNotFound",
                      "Could not find RingPool unknown-pool for advertiser campaign camp-1 and "
                      "advertiser adv-1"));
  BOOST_TEST(reply.value ==
             json::parse(R"({"errors":{"class":"RecordNotFound","invalid_data":"Could not find RingPool unknown-pool for advertiser campaign camp-1 and advertiser adv-1"}})"));

  // Same body shape in another campaign, naming that campaign and advertiser.
  base = campaign_base(1, "adv-bulk", "camp-bulk");
  BOOST_TEST(is_error(get("/known.json"), 404, "RecordNotFound",
                      "Could not find RingPool known for advertiser campaign camp-bulk and "
                      "advertiser adv-bulk"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_7_unknown_advertiser_or_campaign_404) {
  const auto before = snapshot();
  struct Case {
    std::string advertiser;
    std::string campaign;
    std::string named;  // what the message must name
  };
  const std::vector<Case> cases{
      {"no-such-adv", "camp-1", "no-such-adv"},
      {"adv-1", "no-such-camp", "no-such-camp"},
      // camp-bulk exists, but under adv-bulk, not adv-1.
      {"adv-1", "camp-bulk", "camp-bulk"},
  };
  for (const Case& c : cases) {
    base = campaign_base(1, c.advertiser, c.campaign);
    BOOST_TEST_CONTEXT(base) {
      for (Reply reply : {get(".json"), get("/p.json"), post(".json", R"({"id_from_network": "p"})"),
                          put("/p.json", R"({"name": "p"})"), del("/p.json")}) {
        BOOST_TEST(is_error(reply, 404, "RecordNotFound"));
        BOOST_TEST(error_message(reply).find(c.named) != std::string::npos, error_message(reply));
      }
    }
  }
  BOOST_TEST(snapshot() == before);
}

// ---- M-8 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_8_bad_json_400_InvalidRequest) {
  create("existing");
  const auto before = snapshot();
  for (const char* body : {"not json", "{", R"({"id_from_network": "x",})", "[]",
                           R"([{"id_from_network": "x"}])", R"("text")", "42", "null", "true"}) {
    BOOST_TEST_CONTEXT("body " << body) {
      BOOST_TEST(is_error(post(".json", body), 400, "InvalidRequest"));
      BOOST_TEST(is_error(put("/existing.json", body), 400, "InvalidRequest"));
      BOOST_TEST(is_error(put("/fresh.json", body), 400, "InvalidRequest"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_8_validation_failure_403_RecordInvalid) {
  const auto before = snapshot();
  Reply reply = post(".json", R"({"id_from_network": "v", "max_pool_size": 0})");
  BOOST_TEST(is_error(reply, 403, "RecordInvalid"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_8_local_center_unknown_key_exact_body) {
  const auto before = snapshot();
  Reply reply = post(".json", R"({"id_from_network": "lc", "local_center": {"bad_key": ""}})");
  BOOST_TEST(reply.status == 403);
  BOOST_TEST(content_type_is_json(reply), reply.content_type);
  BOOST_TEST(reply.value == json::parse(R"({"errors":{"class":"RecordInvalid","invalid_data":"Invalid Key in Local Center."}})"));
  // Checked before anything else in local_center: a bad zipcode or lone latitude next to the
  // unknown key still gives the unknown-key message.
  Reply with_others = post(
      ".json",
      R"({"id_from_network": "lc", "local_center": {"zipcode": "9021", "latitude": 100, "bad_key": 1}})");
  BOOST_TEST(is_error(with_others, 403, "RecordInvalid", "Invalid Key in Local Center."));
  BOOST_TEST(snapshot() == before);
}

// ---- M-9 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_9_id_from_network_required) {
  const auto before = snapshot();
  BOOST_TEST(is_error(post(".json", R"({"name": "no id"})"), 403, "RecordInvalid"));
  BOOST_TEST(is_error(post(".json", "{}"), 403, "RecordInvalid"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_9_auto_id_from_network_generates_id) {
  base = campaign_base(3, "adv-tag", "camp-tag");
  const Token token = std::string(kTagToken);
  Reply first = post(".json", R"({"name": "auto one"})", token);
  BOOST_TEST(first.status == 201, first);
  BOOST_REQUIRE(first.value.is_object());
  BOOST_REQUIRE(first["id_from_network"].is_string());
  const std::string first_id = first["id_from_network"].get<std::string>();
  BOOST_TEST(!first_id.empty());
  Reply second = post(".json", R"({"name": "auto two"})", token);
  BOOST_TEST(second.status == 201, second);
  BOOST_REQUIRE(second["id_from_network"].is_string());
  BOOST_TEST(second["id_from_network"].get<std::string>() != first_id);
  // The generated id addresses the pool.
  Reply one = get("/" + first_id + ".json", token);
  BOOST_TEST(one.status == 200, one);
  BOOST_TEST(one["name"] == "auto one");
  // An explicit id is still honoured.
  Reply explicit_id = post(".json", R"({"id_from_network": "chosen"})", token);
  BOOST_TEST(explicit_id.status == 201, explicit_id);
  BOOST_TEST(explicit_id["id_from_network"] == "chosen");
}

BOOST_AUTO_TEST_CASE(M_9_id_from_network_at_most_255_chars) {
  const std::string longest(255, 'a');
  Reply ok = post(".json", json{{"id_from_network", longest}});
  BOOST_TEST(ok.status == 201, ok.status);
  BOOST_TEST(ok["id_from_network"] == longest);

  const auto before = snapshot();
  const std::string too_long(256, 'b');
  BOOST_TEST(is_error(post(".json", json{{"id_from_network", too_long}}), 403, "RecordInvalid"));
  // Renaming through PUT obeys the same limit.
  BOOST_TEST(is_error(put("/" + longest + ".json", json{{"id_from_network", too_long}}), 403,
                      "RecordInvalid"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_9_id_taken_in_another_campaign_403) {
  create("mine");  // in camp-1
  const auto before = snapshot();
  const std::string taken = "Id from network has already been taken.";
  // search-demo belongs to camp-2 (same advertiser), bulk-demo to adv-bulk's camp-bulk.
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "search-demo"})"), 403, "RecordInvalid",
                      taken));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "bulk-demo"})"), 403, "RecordInvalid",
                      taken));
  // A PUT that would create it is a create too.
  BOOST_TEST(is_error(put("/search-demo.json", R"({"name": "steal"})"), 403, "RecordInvalid",
                      taken));
  // And the other way round: camp-1's pool from camp-2 and camp-bulk.
  base = campaign_base(1, "adv-1", "camp-2");
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "mine"})"), 403, "RecordInvalid",
                      taken));
  base = campaign_base(1, "adv-bulk", "camp-bulk");
  BOOST_TEST(is_error(put("/mine.json", "{}"), 403, "RecordInvalid", taken));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_9_id_unique_within_network_only) {
  Reply in_one = create("shared-id");
  base = campaign_base(2, "adv-other", "camp-other");
  Reply in_two = post(".json", R"({"id_from_network": "shared-id"})", std::string(kOtherToken));
  BOOST_TEST(in_two.status == 201, in_two);
  BOOST_TEST(in_two["id"] != in_one["id"]);
}

BOOST_AUTO_TEST_CASE(M_9_id_free_again_after_delete) {
  create("movable");
  BOOST_REQUIRE(del("/movable.json").status == 200);
  base = campaign_base(1, "adv-1", "camp-2");
  Reply moved = post(".json", R"({"id_from_network": "movable"})");
  BOOST_TEST(moved.status == 201, moved);
}

BOOST_AUTO_TEST_CASE(M_9_put_body_id_renames) {
  Reply created = create("old-name", {{"name", "Pool"}, {"max_pool_size", 4}});
  Reply renamed = put("/old-name.json", R"({"id_from_network": "new-name"})");
  BOOST_TEST(renamed.status == 200, renamed);
  BOOST_TEST(renamed["id_from_network"] == "new-name");
  BOOST_TEST(renamed["id"] == created["id"]);
  BOOST_TEST(renamed["api_key"] == created["api_key"]);
  BOOST_TEST(renamed["max_pool_size"] == 4);
  BOOST_TEST(get("/old-name.json").status == 404);
  Reply now = read("new-name");
  BOOST_TEST(now.ordered.dump() == renamed.ordered.dump());
  Reply listed = list();
  BOOST_REQUIRE(listed.value.size() == 1u);
  BOOST_TEST(listed.value[0]["id_from_network"] == "new-name");
}

BOOST_AUTO_TEST_CASE(M_9_put_rename_must_stay_unique) {
  create("a");
  create("b");
  const auto before = snapshot();
  // Onto a pool of another campaign, and onto another pool of this campaign.
  BOOST_TEST(is_error(put("/a.json", R"({"id_from_network": "search-demo"})"), 403, "RecordInvalid"));
  BOOST_TEST(is_error(put("/a.json", R"({"id_from_network": "b"})"), 403, "RecordInvalid"));
  BOOST_TEST(snapshot() == before);
}

// ---- M-10 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_10_allow_overflow_default_true) {
  Reply created = create("p");
  BOOST_TEST(created["allow_overflow"] == true);
  Reply with_false = create("q", {{"allow_overflow", false}});
  BOOST_TEST(with_false["allow_overflow"] == false);
}

BOOST_AUTO_TEST_CASE(M_10_allow_overflow_same_value_on_update_ok) {
  create("t");
  create("f", {{"allow_overflow", false}});
  Reply t1 = put("/t.json", R"({"allow_overflow": true, "name": "t1"})");
  BOOST_TEST(t1.status == 200, t1);
  BOOST_TEST(t1["allow_overflow"] == true);
  Reply f1 = put("/f.json", R"({"allow_overflow": false, "name": "f1"})");
  BOOST_TEST(f1.status == 200, f1);
  BOOST_TEST(f1["allow_overflow"] == false);
  BOOST_TEST(f1["name"] == "f1");
  // The same value in another accepted spelling (C-1) is no change either.
  Reply f2 = post(".json", R"({"id_from_network": "f", "allow_overflow": "false"})");
  BOOST_TEST(f2.status == 200, f2);
  BOOST_TEST(f2["allow_overflow"] == false);
}

BOOST_AUTO_TEST_CASE(M_10_allow_overflow_change_403_nothing_changes) {
  create("t", {{"name", "t"}});
  create("f", {{"name", "f"}, {"allow_overflow", false}});
  const auto before = snapshot();
  BOOST_TEST(is_error(put("/t.json", R"({"allow_overflow": false, "name": "changed"})"), 403,
                      "RecordInvalid"));
  BOOST_TEST(is_error(put("/f.json", R"({"allow_overflow": true, "name": "changed"})"), 403,
                      "RecordInvalid"));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "t", "allow_overflow": "0"})"), 403,
                      "RecordInvalid"));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "f", "allow_overflow": 1})"), 403,
                      "RecordInvalid"));
  BOOST_TEST(snapshot() == before);
}

// ---- M-11 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_11_max_pool_size_default_2) {
  BOOST_TEST(create("p")["max_pool_size"] == 2);
}

BOOST_AUTO_TEST_CASE(M_11_max_pool_size_1_to_10000) {
  Reply one = create("one", {{"max_pool_size", 1}});
  BOOST_TEST(one["max_pool_size"] == 1);
  // A pool of 1 with allow_overflow is valid.
  BOOST_TEST(one["allow_overflow"] == true);
  BOOST_TEST(create("max", {{"max_pool_size", 10000}})["max_pool_size"] == 10000);
  BOOST_TEST(put("/one.json", R"({"max_pool_size": 10000})")["max_pool_size"] == 10000);

  const auto before = snapshot();
  for (const char* bad : {"0", "10001", "-1", "\"0\"", "\"10001\"", "1000000000000"}) {
    BOOST_TEST_CONTEXT("max_pool_size " << bad) {
      BOOST_TEST(is_error(post(".json", std::string(R"({"id_from_network": "bad", "max_pool_size": )") +
                                            bad + "}"),
                          403, "RecordInvalid"));
      BOOST_TEST(is_error(put("/one.json", std::string(R"({"max_pool_size": )") + bad + "}"), 403,
                          "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_11_max_pool_size_string_accepted) {
  Reply created = post(".json", R"({"id_from_network": "s", "max_pool_size": "3"})");
  BOOST_TEST(created.status == 201, created);
  BOOST_TEST(created["max_pool_size"].is_number_integer());
  BOOST_TEST(created["max_pool_size"] == 3);
}

// ---- M-12 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_12_lifetime_seconds_default_1800) {
  BOOST_TEST(create("p")["lifetime_seconds"] == 1800);
}

BOOST_AUTO_TEST_CASE(M_12_lifetime_seconds_60_to_2592000) {
  BOOST_TEST(create("low", {{"lifetime_seconds", 60}})["lifetime_seconds"] == 60);
  BOOST_TEST(create("high", {{"lifetime_seconds", 2592000}})["lifetime_seconds"] == 2592000);
  Reply as_string = post(".json", R"({"id_from_network": "str", "lifetime_seconds": "120"})");
  BOOST_TEST(as_string.status == 201, as_string);
  BOOST_TEST(as_string["lifetime_seconds"] == 120);

  const auto before = snapshot();
  for (const char* bad : {"59", "2592001", "0", "-60", "\"59\""}) {
    BOOST_TEST_CONTEXT("lifetime_seconds " << bad) {
      BOOST_TEST(is_error(post(".json", std::string(R"({"id_from_network": "bad", "lifetime_seconds": )") +
                                            bad + "}"),
                          403, "RecordInvalid"));
      BOOST_TEST(is_error(put("/low.json", std::string(R"({"lifetime_seconds": )") + bad + "}"),
                          403, "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

// ---- M-13 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_13_preferred_default_false) {
  BOOST_TEST(create("p")["preferred"] == false);
}

BOOST_AUTO_TEST_CASE(M_13_preferred_clears_others_in_campaign) {
  // A preferred pool in another campaign (camp-2) must be left alone.
  base = campaign_base(1, "adv-1", "camp-2");
  Reply elsewhere = create("elsewhere", {{"preferred", true}});
  BOOST_REQUIRE(elsewhere["preferred"] == true);
  base = campaign_base(1, "adv-1", "camp-1");

  Reply a = create("a", {{"preferred", true}});
  BOOST_TEST(a["preferred"] == true);
  Reply b = create("b", {{"preferred", true}});
  BOOST_TEST(b["preferred"] == true);
  BOOST_TEST(read("a")["preferred"] == false);

  // Through an update too.
  Reply a2 = put("/a.json", R"({"preferred": true})");
  BOOST_TEST(a2["preferred"] == true);
  BOOST_TEST(read("b")["preferred"] == false);

  // Setting false on another pool does not touch the preferred one.
  create("c", {{"preferred", false}});
  BOOST_TEST(read("a")["preferred"] == true);
  BOOST_TEST(put("/b.json", R"({"preferred": false})")["preferred"] == false);
  BOOST_TEST(read("a")["preferred"] == true);

  base = campaign_base(1, "adv-1", "camp-2");
  BOOST_TEST(read("elsewhere")["preferred"] == true);
}

// ---- M-14 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_14_fill_immediately_default_false) {
  BOOST_TEST(create("p")["fill_immediately"] == false);
  BOOST_TEST(create("q", {{"fill_immediately", true}})["fill_immediately"] == true);
  BOOST_TEST(put("/q.json", R"({"fill_immediately": false})")["fill_immediately"] == false);
  BOOST_TEST(put("/p.json", R"({"fill_immediately": true})")["fill_immediately"] == true);
}

// ---- M-15 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_15_destination_linked) {
  Reply created = create("d", {{"destination_phone_number", "888-111-2222"}});
  const json expected_entry = json{{"destination_phone_number", "8881112222"}};
  BOOST_TEST(created["customer_phone_numbers"] == json::array({expected_entry}));
  BOOST_TEST(created["default_customer_phone_number"] == expected_entry);
  // js_tag omitted without a tag.
  BOOST_TEST(!created["customer_phone_numbers"][0].contains("js_tag"));
  BOOST_TEST(!created["default_customer_phone_number"].contains("js_tag"));
  BOOST_TEST(read("d").ordered.dump() == created.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_15_no_destination_default_null) {
  Reply created = create("none");
  BOOST_TEST(created["customer_phone_numbers"] == json::array());
  BOOST_TEST(created["default_customer_phone_number"].is_null());
}

BOOST_AUTO_TEST_CASE(M_15_invalid_destination_403) {
  create("d", {{"destination_phone_number", "888-111-2222"}});
  const auto before = snapshot();
  for (const char* bad : {"123", "888-111-222", "abc", "088-111-2222", "188-111-2222"}) {
    BOOST_TEST_CONTEXT("destination " << bad) {
      BOOST_TEST(is_error(post(".json", json{{"id_from_network", "new"}, {"destination_phone_number", bad}}), 403, "RecordInvalid"));
      BOOST_TEST(is_error(put("/d.json", json{{"destination_phone_number", bad}}), 403,
                          "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_15_first_destination_is_default) {
  create("d", {{"destination_phone_number", "888-111-2222"}});
  Reply second = put("/d.json", R"({"destination_phone_number": "212-555-1234"})");
  BOOST_TEST(second.status == 200, second);
  const std::vector<std::string> numbers = destinations_of(second);
  BOOST_TEST(numbers.size() == 2u);
  BOOST_TEST(std::set<std::string>(numbers.begin(), numbers.end()) ==
                 (std::set<std::string>{"8881112222", "2125551234"}),
             boost::test_tools::per_element());
  BOOST_TEST(second["default_customer_phone_number"] ==
             json({{"destination_phone_number", "8881112222"}}));
}

BOOST_AUTO_TEST_CASE(M_15_relinking_is_noop) {
  Reply created = create("d", {{"destination_phone_number", "888-111-2222"}});
  // The same number, in another accepted form (C-2), through PUT and POST-as-update.
  Reply again = put("/d.json", R"({"destination_phone_number": "(888) 111-2222"})");
  BOOST_TEST(again.status == 200, again);
  BOOST_TEST(again.ordered.dump() == created.ordered.dump());
  Reply via_post =
      post(".json", R"({"id_from_network": "d", "destination_phone_number": "8881112222"})");
  BOOST_TEST(via_post.status == 200, via_post);
  BOOST_TEST(via_post.ordered.dump() == created.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_15_tag_network_requires_obfuscated_tag_id) {
  base = campaign_base(3, "adv-tag", "camp-tag");
  const Token token = std::string(kTagToken);
  const auto before = snapshot();
  BOOST_TEST(is_error(post(".json",
                           R"({"id_from_network": "t", "destination_phone_number": "800-555-1216"})",
                           token),
                      403, "RecordInvalid"));
  BOOST_TEST(snapshot() == before);

  Reply created = post(
      ".json",
      R"({"id_from_network": "t", "destination_phone_number": "800-555-1216", "obfuscated_tag_id": "0054811245"})",
      token);
  BOOST_TEST(created.status == 201, created);
  const json entry = json::parse(
      R"({"destination_phone_number": "8005551216", "js_tag": {"obfuscated_tag_id": "0054811245"}})");
  BOOST_TEST(created["customer_phone_numbers"] == json::array({entry}));
  BOOST_TEST(created["default_customer_phone_number"] == entry);
  // js_tag's key order is as documented.
  BOOST_TEST(keys_of(created.ordered["customer_phone_numbers"][0]) ==
                 (std::vector<std::string>{"destination_phone_number", "js_tag"}),
             boost::test_tools::per_element());

  // On update as well.
  const auto after_create = snapshot();
  BOOST_TEST(is_error(put("/t.json", R"({"destination_phone_number": "212-555-1234"})", token), 403,
                      "RecordInvalid"));
  BOOST_TEST(snapshot() == after_create);
}

BOOST_AUTO_TEST_CASE(M_15_destination_without_tag_on_plain_network_has_no_js_tag) {
  Reply created = create("plain", {{"destination_phone_number", "8005551216"}});
  BOOST_REQUIRE(created["customer_phone_numbers"].size() == 1u);
  BOOST_TEST(!created["customer_phone_numbers"][0].contains("js_tag"));
}

// ---- M-16 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_16_destination_type) {
  Reply none = create("none");
  BOOST_TEST(!none.value.contains("destination_type"));
  Reply advertiser = create("adv", {{"destination_type", "Advertiser"}});
  BOOST_TEST(advertiser["destination_type"] == "Advertiser");
  Reply api = create("api", {{"destination_type", "API"}});
  BOOST_TEST(api["destination_type"] == "API");
  BOOST_TEST(put("/api.json", R"({"destination_type": "Advertiser"})")["destination_type"] ==
             "Advertiser");

  const auto before = snapshot();
  for (const char* bad : {"\"Other\"", "\"api\"", "\"advertiser\"", "\"\"", "1", "true"}) {
    BOOST_TEST_CONTEXT("destination_type " << bad) {
      BOOST_TEST(is_error(post(".json", std::string(R"({"id_from_network": "bad", "destination_type": )") +
                                            bad + "}"),
                          403, "RecordInvalid"));
      BOOST_TEST(is_error(put("/api.json", std::string(R"({"destination_type": )") + bad + "}"), 403,
                          "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

// ---- M-17 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(M_17_read_only_fields_ignored) {
  Reply created = post(".json", R"({
    "id_from_network": "ro",
    "id": 987654,
    "object_url": "https://evil.example/x",
    "api_key": "00000000000000000000000000000000",
    "customer_phone_numbers": [{"destination_phone_number": "8881112222"}],
    "default_customer_phone_number": {"destination_phone_number": "8881112222"},
    "some_unknown_key": "ignored",
    "another": {"nested": [1, 2, 3]}
  })");
  BOOST_TEST(created.status == 201, created);
  BOOST_REQUIRE(created.value.is_object());
  BOOST_TEST(created["id"] != 987654);
  BOOST_TEST(created["object_url"] == "https://network1.ringpool.test/a_campaigns/ring_pools/" +
                                          std::to_string(created["id"].get<std::int64_t>()));
  BOOST_TEST(created["api_key"] != "00000000000000000000000000000000");
  BOOST_TEST(is_api_key(created["api_key"]));
  BOOST_TEST(created["customer_phone_numbers"] == json::array());
  BOOST_TEST(created["default_customer_phone_number"].is_null());
  BOOST_TEST(keys_of(created.ordered) == base_representation_keys(), boost::test_tools::per_element());

  // On update too: nothing changes.
  Reply updated = put("/ro.json", R"({
    "id": 1,
    "object_url": "https://evil.example/y",
    "api_key": "ffffffffffffffffffffffffffffffff",
    "customer_phone_numbers": [{"destination_phone_number": "2125551234"}],
    "default_customer_phone_number": {"destination_phone_number": "2125551234"},
    "unknown": true
  })");
  BOOST_TEST(updated.status == 200, updated);
  BOOST_TEST(updated.ordered.dump() == created.ordered.dump());
}

BOOST_AUTO_TEST_SUITE_END()
