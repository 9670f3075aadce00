// M-19 (local ring pools: local_center, local_number_preferences, tn_prefix_whitelist), black-box
// through the in-process Service. Every failing request also checks that nothing changed (C-3).
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ringpool::test::management;

namespace {

// {"id_from_network": "<id>", "<key>": <raw JSON value>}
const std::string kNeedsCenter = "Local Center needs tn_prefix, zipcode, or latitude and longitude.";
const std::string kTogether = "Latitude and Longitude are required together.";

}  // namespace

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

BOOST_AUTO_TEST_CASE(M_19_valid_local_centers_are_echoed) {
  struct Case {
    std::string id;
    std::string center;
  };
  const std::vector<Case> cases{
      {"by-prefix", R"({"tn_prefix": "212"})"},
      {"by-zip", R"({"zipcode": "90210"})"},
      {"by-point", R"({"latitude": 45, "longitude": 45})"},
      {"by-fraction", R"({"latitude": 40.7128, "longitude": -74.006})"},
      {"empty-prefix-and-zip", R"({"tn_prefix": "", "zipcode": "90210"})"},
      {"all", R"({"tn_prefix": "310", "zipcode": "90210", "latitude": 34.1, "longitude": -118.4})"},
      {"corners", R"({"latitude": -90, "longitude": 180})"},
      {"corners2", R"({"latitude": 90, "longitude": -180})"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.center) {
      Reply created = post(".json", body_with(c.id, "local_center", c.center));
      BOOST_TEST(created.status == 201, created);
      if (created.status == 201) {
        BOOST_TEST(created["local_center"] == json::parse(c.center));
        BOOST_TEST(read(c.id).ordered.dump() == created.ordered.dump());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(M_19_local_center_unknown_key_exact_message) {
  create("existing", {{"local_center", {{"zipcode", "90210"}}}});
  const auto before = snapshot();
  for (const char* center : {R"({"bad_key": ""})", R"({"tn_prefix": "212", "zip": "90210"})",
                             R"({"zipcode": "90210", "Latitude": 1})",
                             R"({"latitude": 1, "longitude": 2, "radius": 3})"}) {
    BOOST_TEST_CONTEXT(center) {
      BOOST_TEST(is_error(post(".json", body_with("new", "local_center", center)), 403,
                          "RecordInvalid", "Invalid Key in Local Center."));
      BOOST_TEST(is_error(put("/existing.json", std::string(R"({"local_center": )") + center + "}"),
                          403, "RecordInvalid", "Invalid Key in Local Center."));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_latitude_without_longitude) {
  const auto before = snapshot();
  for (const char* center : {R"({"latitude": 40})", R"({"longitude": -70})",
                             R"({"zipcode": "90210", "latitude": 34})",
                             R"({"tn_prefix": "212", "longitude": -73})"}) {
    BOOST_TEST_CONTEXT(center) {
      BOOST_TEST(is_error(post(".json", body_with("lat", "local_center", center)), 403,
                          "RecordInvalid", kTogether));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_local_center_needs_prefix_zip_or_point) {
  const auto before = snapshot();
  // An empty tn_prefix counts as absent.
  for (const char* center : {R"({})", R"({"tn_prefix": ""})"}) {
    BOOST_TEST_CONTEXT(center) {
      BOOST_TEST(is_error(post(".json", body_with("empty", "local_center", center)), 403,
                          "RecordInvalid", kNeedsCenter));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_invalid_zipcode) {
  const auto before = snapshot();
  // "00000" has the right form but is not in the ZIP table.
  for (const char* zip : {"9021", "00000", "902101", "abcde", "9021a", ""}) {
    BOOST_TEST_CONTEXT("zipcode " << zip) {
      BOOST_TEST(is_error(post(".json", json{{"id_from_network", "zip"},
                                             {"local_center", {{"zipcode", zip}}}}),
                          403, "RecordInvalid", "Invalid Zipcode."));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_invalid_tn_prefix) {
  const auto before = snapshot();
  for (const char* prefix : {"155", "055", "21", "2125", "abc", "2a2"}) {
    BOOST_TEST_CONTEXT("tn_prefix " << prefix) {
      BOOST_TEST(is_error(post(".json", json{{"id_from_network", "npa"},
                                             {"local_center", {{"tn_prefix", prefix}}}}),
                          403, "RecordInvalid", "Invalid tn_prefix."));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_latitude_longitude_ranges) {
  const auto before = snapshot();
  for (const char* center :
       {R"({"latitude": 91, "longitude": 0})", R"({"latitude": -91, "longitude": 0})",
        R"({"latitude": 0, "longitude": 181})", R"({"latitude": 0, "longitude": -181})",
        R"({"latitude": 90.5, "longitude": 0})"}) {
    BOOST_TEST_CONTEXT(center) {
      BOOST_TEST(is_error(post(".json", body_with("range", "local_center", center)), 403,
                          "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_local_center_must_be_an_object) {
  const auto before = snapshot();
  for (const char* center : {R"("90210")", "[]", "42", "true"}) {
    BOOST_TEST_CONTEXT(center) {
      BOOST_TEST(is_error(post(".json", body_with("lc", "local_center", center)), 403,
                          "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_tn_prefix_whitelist) {
  // The documents' whitelist example "455" must pass.
  Reply doc = create("doc", {{"local_center", {{"latitude", 45}, {"longitude", 45}}},
                             {"tn_prefix_whitelist", {"455"}}});
  BOOST_TEST(doc["tn_prefix_whitelist"] == json::array({"455"}));
  Reply two = create("two", {{"local_center", {{"zipcode", "90210"}}},
                             {"tn_prefix_whitelist", {"805", "212"}}});
  BOOST_TEST(two["tn_prefix_whitelist"] == json::array({"805", "212"}));

  const auto before = snapshot();
  for (const char* list_text : {R"(["155"])", R"(["45"])", R"(["455", "055"])", R"(["abc"])",
                                R"("455")", R"({"npa": "455"})"}) {
    BOOST_TEST_CONTEXT("tn_prefix_whitelist " << list_text) {
      BOOST_TEST(is_error(post(".json", std::string(R"({"id_from_network": "wl", "local_center": {"zipcode": "90210"}, "tn_prefix_whitelist": )") +
                                            list_text + "}"),
                          403, "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_local_number_preferences_defaults_filled) {
  Reply partial = create("partial", {{"local_center", {{"zipcode", "90210"}}},
                                     {"local_number_preferences", {{"search_radius_miles", 20}}}});
  BOOST_TEST(partial["local_number_preferences"] ==
             json::parse(R"({"search_radius_miles": 20, "restrict_search_to_state": true,
                             "allocation_fallback_strategy": "UseTollFree"})"));
  Reply empty = create("empty", {{"local_center", {{"zipcode", "90210"}}},
                                 {"local_number_preferences", json::object()}});
  BOOST_TEST(empty["local_number_preferences"] ==
             json::parse(R"({"search_radius_miles": 240, "restrict_search_to_state": true,
                             "allocation_fallback_strategy": "UseTollFree"})"));
  Reply wait = create("wait", {{"local_center", {{"tn_prefix", "212"}}},
                               {"local_number_preferences",
                                {{"allocation_fallback_strategy", "Wait"},
                                 {"restrict_search_to_state", false},
                                 {"search_radius_miles", 0}}}});
  BOOST_TEST(wait["local_number_preferences"] ==
             json::parse(R"({"search_radius_miles": 0, "restrict_search_to_state": false,
                             "allocation_fallback_strategy": "Wait"})"));
}

BOOST_AUTO_TEST_CASE(M_19_local_number_preferences_unknown_key) {
  const auto before = snapshot();
  for (const char* prefs : {R"({"bad_key": 1})", R"({"search_radius_miles": 20, "radius": 5})",
                            R"({"fallback": "Wait"})"}) {
    BOOST_TEST_CONTEXT(prefs) {
      BOOST_TEST(is_error(post(".json", std::string(R"({"id_from_network": "lnp", "local_center": {"zipcode": "90210"}, "local_number_preferences": )") +
                                            prefs + "}"),
                          403, "RecordInvalid", "Invalid Key in Local Number Preferences."));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_local_number_preferences_values) {
  const auto before = snapshot();
  for (const char* prefs :
       {R"({"search_radius_miles": -1})", R"({"search_radius_miles": "-1"})",
        R"({"search_radius_miles": "far"})", R"({"search_radius_miles": 2.5})",
        R"({"restrict_search_to_state": "maybe"})", R"({"allocation_fallback_strategy": "Other"})",
        R"({"allocation_fallback_strategy": "wait"})", R"({"allocation_fallback_strategy": 1})",
        R"("Wait")"}) {
    BOOST_TEST_CONTEXT(prefs) {
      BOOST_TEST(is_error(post(".json", std::string(R"({"id_from_network": "lnp", "local_center": {"zipcode": "90210"}, "local_number_preferences": )") +
                                            prefs + "}"),
                          403, "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_19_local_fields_are_partial_on_update) {
  Reply created = create("loc", {{"local_center", {{"zipcode", "90210"}}},
                                 {"local_number_preferences", {{"search_radius_miles", 20}}},
                                 {"tn_prefix_whitelist", {"310"}}});
  Reply renamed = put("/loc.json", R"({"name": "only the name"})");
  BOOST_TEST(renamed.status == 200, renamed);
  BOOST_TEST(renamed["local_center"] == created["local_center"]);
  BOOST_TEST(renamed["local_number_preferences"] == created["local_number_preferences"]);
  BOOST_TEST(renamed["tn_prefix_whitelist"] == created["tn_prefix_whitelist"]);

  Reply moved = put("/loc.json", R"({"local_center": {"tn_prefix": "212"}})");
  BOOST_TEST(moved.status == 200, moved);
  BOOST_TEST(moved["local_center"]["tn_prefix"] == "212");
}

BOOST_AUTO_TEST_SUITE_END()
