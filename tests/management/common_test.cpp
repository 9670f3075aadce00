// Common clauses C-1..C-6 as the management API shows them, black-box through the in-process
// Service.
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

using namespace ringpool::test::management;

namespace {

// {"id_from_network": "<id>", "<key>": <raw JSON value>}
// A body of exactly `size` bytes: {"id_from_network":"<id>","name":"aaaa..."}.
// A valid create body of exactly `size` bytes: JSON white space pads it, so that no field
// reaches C-7's limits and only the size is judged.
std::string body_of_size(const std::string& id, std::size_t size) {
  const std::string head = R"({"id_from_network":")" + id + R"(","name":"big")";
  const std::string tail = "}";
  BOOST_REQUIRE(size > head.size() + tail.size());
  return head + std::string(size - head.size() - tail.size(), ' ') + tail;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

// ---- C-1 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(C_1_string_numbers_and_booleans_accepted) {
  struct BoolCase {
    const char* raw;
    bool expected;
  };
  const std::vector<BoolCase> booleans{{"true", true},    {"\"true\"", true}, {"1", true},
                                       {"\"1\"", true},   {"false", false},   {"\"false\"", false},
                                       {"0", false},      {"\"0\"", false}};
  int n = 0;
  for (const BoolCase& c : booleans) {
    BOOST_TEST_CONTEXT("boolean " << c.raw) {
      for (const char* field : {"preferred", "fill_immediately", "allow_overflow"}) {
        const std::string id = "b" + std::to_string(n++);
        Reply created = post(".json", body_with(id, field, c.raw));
        BOOST_TEST(created.status == 201, field << ": " << created);
        if (created.status == 201) BOOST_TEST(created[field] == c.expected, field);
      }
      const std::string id = "b" + std::to_string(n++);
      Reply local = post(".json", std::string(R"({"id_from_network": ")") + id +
                                      R"(", "local_center": {"zipcode": "90210"}, "local_number_preferences": {"restrict_search_to_state": )" +
                                      c.raw + "}}");
      BOOST_TEST(local.status == 201, local);
      if (local.status == 201)
        BOOST_TEST(local["local_number_preferences"]["restrict_search_to_state"] == c.expected);
    }
  }

  struct IntCase {
    const char* field;
    const char* raw;
    int expected;
  };
  for (const IntCase& c : std::vector<IntCase>{{"max_pool_size", "\"3\"", 3},
                                               {"max_pool_size", "\"10000\"", 10000},
                                               {"max_pool_size", "7", 7},
                                               {"lifetime_seconds", "\"3600\"", 3600},
                                               {"lifetime_seconds", "\"0060\"", 60},
                                               {"lifetime_seconds", "900", 900}}) {
    BOOST_TEST_CONTEXT(c.field << " " << c.raw) {
      Reply created = post(".json", body_with("i" + std::to_string(n++), c.field, c.raw));
      BOOST_TEST(created.status == 201, created);
      if (created.status == 201) {
        BOOST_TEST(created[c.field].is_number_integer());
        BOOST_TEST(created[c.field] == c.expected);
      }
    }
  }
  Reply radius = post(
      ".json",
      R"({"id_from_network": "radius", "local_center": {"zipcode": "90210"}, "local_number_preferences": {"search_radius_miles": "25"}})");
  BOOST_TEST(radius.status == 201, radius);
  if (radius.status == 201) BOOST_TEST(radius["local_number_preferences"]["search_radius_miles"] == 25);

  // On update as well.
  create("upd");
  Reply updated = put("/upd.json", R"({"preferred": "1", "max_pool_size": "4", "fill_immediately": "true"})");
  BOOST_TEST(updated.status == 200, updated);
  BOOST_TEST(updated["preferred"] == true);
  BOOST_TEST(updated["max_pool_size"] == 4);
  BOOST_TEST(updated["fill_immediately"] == true);
}

BOOST_AUTO_TEST_CASE(C_1_bad_typed_value_403) {
  create("existing");
  const auto before = snapshot();
  const std::vector<const char*> bad_booleans{"\"yes\"", "\"TRUE\"", "\"t\"",  "2", "-1", "\"2\"",
                                              "0.5",     "\"\"",     "null", "[]", "{}"};
  for (const char* field : {"preferred", "fill_immediately", "allow_overflow"}) {
    for (const char* raw : bad_booleans) {
      BOOST_TEST_CONTEXT(field << " = " << raw) {
        BOOST_TEST(is_error(post(".json", body_with("new", field, raw)), 403, "RecordInvalid"));
        BOOST_TEST(is_error(put("/existing.json", std::string("{\"") + field + "\": " + raw + "}"),
                            403, "RecordInvalid"));
      }
    }
  }
  const std::vector<const char*> bad_integers{
      "3.5", "\"3.5\"", "\"abc\"", "\"\"", "\" 3\"", "\"3 \"", "\"+3\"", "\"3a\"",
      "true", "null", "[]", "{}", "\"0x10\"", "\"99999999999999999999999\"", "99999999999999999999999"};
  for (const char* field : {"max_pool_size", "lifetime_seconds"}) {
    for (const char* raw : bad_integers) {
      BOOST_TEST_CONTEXT(field << " = " << raw) {
        BOOST_TEST(is_error(post(".json", body_with("new", field, raw)), 403, "RecordInvalid"));
        BOOST_TEST(is_error(put("/existing.json", std::string("{\"") + field + "\": " + raw + "}"),
                            403, "RecordInvalid"));
      }
    }
  }
  // A DELETE's boolean flag is typed too: a bad one fails and deletes nothing.
  BOOST_TEST(is_error(del("/existing.json", R"({"delete_detected_phone_number": "maybe"})"), 403,
                      "RecordInvalid"));
  BOOST_TEST(snapshot() == before);
}

// id_from_network is a string field: another type is a validation error however the request
// addresses the pool (a PUT that creates takes the URL's id, but the body's field is still typed).
BOOST_AUTO_TEST_CASE(C_1_bad_typed_id_from_network_403) {
  create("existing");
  const auto before = snapshot();
  for (const char* raw : {R"(["array"])", R"({"obj": 1})", "null", "true"}) {
    BOOST_TEST_CONTEXT("id_from_network = " << raw) {
      const std::string body = std::string(R"({"id_from_network": )") + raw + "}";
      BOOST_TEST(is_error(post(".json", body), 403, "RecordInvalid"));
      BOOST_TEST(is_error(put("/existing.json", body), 403, "RecordInvalid"));
      BOOST_TEST(is_error(put("/fresh.json", body), 403, "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

// ---- C-2 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(C_2_phone_number_input_forms) {
  const std::vector<std::string> forms{"8881112222",     "888-111-2222",   "(888) 111-2222",
                                       "888.111.2222",   "+1 888 111 2222", "1-888-111-2222"};
  int n = 0;
  for (const std::string& form : forms) {
    BOOST_TEST_CONTEXT("form " << form) {
      const std::string id = "form" + std::to_string(n++);
      Reply created = post(".json", json{{"id_from_network", id}, {"destination_phone_number", form}});
      BOOST_TEST(created.status == 201, created);
      if (created.status == 201) {
        BOOST_TEST(created["customer_phone_numbers"] ==
                   json::parse(R"([{"destination_phone_number": "8881112222"}])"));
        BOOST_TEST(created["default_customer_phone_number"] ==
                   json::parse(R"({"destination_phone_number": "8881112222"})"));
      }
    }
  }
  // The NXX is not restricted.
  Reply nxx = post(".json", R"({"id_from_network": "nxx", "destination_phone_number": "212-011-2222"})");
  BOOST_TEST(nxx.status == 201, nxx);
  if (nxx.status == 201)
    BOOST_TEST(nxx["default_customer_phone_number"]["destination_phone_number"] == "2120112222");

  create("existing");
  const auto before = snapshot();
  for (const char* bad : {"888-111-222", "88811122223", "888111222233", "088-111-2222",
                          "188-111-2222", "+44 888 111 2222", "2-888-111-2222", "phone",
                          "888-111-22a2", "+1 188 111 2222"}) {
    BOOST_TEST_CONTEXT("bad " << bad) {
      BOOST_TEST(is_error(post(".json", json{{"id_from_network", "bad"},
                                             {"destination_phone_number", bad}}),
                          403, "RecordInvalid"));
      BOOST_TEST(is_error(put("/existing.json", json{{"destination_phone_number", bad}}), 403,
                          "RecordInvalid"));
    }
  }
  BOOST_TEST(snapshot() == before);
}

// ---- C-3 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(C_3_failed_request_changes_nothing) {
  create("pref", {{"preferred", true}, {"destination_phone_number", "888-111-2222"}});
  create("other", {{"name", "Other"}, {"max_pool_size", 5}});
  const auto before = snapshot();

  // A create with valid parts (preferred, destination) and one invalid field.
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "new", "preferred": true,
                                        "destination_phone_number": "212-555-1234",
                                        "lifetime_seconds": 1})"),
                      403, "RecordInvalid"));
  // An update with valid parts and one invalid field.
  BOOST_TEST(is_error(put("/other.json", R"({"name": "Changed", "preferred": true,
                                            "destination_phone_number": "212-555-1234",
                                            "max_pool_size": 0})"),
                      403, "RecordInvalid"));
  // A PUT that would create, with an invalid field.
  BOOST_TEST(is_error(put("/created-by-put.json", R"({"name": "x", "local_center": {"zipcode": "1"}})"),
                      403, "RecordInvalid"));
  // A POST-as-update that would rename nothing but fails on allow_overflow.
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "other", "name": "Changed",
                                        "allow_overflow": false})"),
                      403, "RecordInvalid"));
  BOOST_TEST(snapshot() == before);

  // The failed create left no pool behind: the id is still free and creating it answers 201.
  Reply created = post(".json", R"({"id_from_network": "new"})");
  BOOST_TEST(created.status == 201, created);
  Reply by_put = put("/created-by-put.json", "{}");
  BOOST_TEST(by_put.status == 201, by_put);
}

// Failed requests leave no trace at all: a service that saw them answers later requests byte for
// byte like a twin that never did (no pool id or api_key consumed, no destination created).
BOOST_AUTO_TEST_CASE(C_3_failed_requests_leave_no_trace_in_later_answers) {
  ringpool::api::Service twin(ringpool::world_file::load_default_world(kSeed));
  auto send = [this](ringpool::api::Service& target, const std::string& method,
                     const std::string& suffix, const std::string& body) {
    return target.handle(ringpool::api::make_request(
        method, base + suffix, body, ringpool::api::Headers{{"Authorization", "demo-token"}}));
  };
  const std::vector<std::function<void()>> failures{
      [&] { (void)send(service, "POST", ".json", R"({"id_from_network": "x", "max_pool_size": 0})"); },
      [&] { (void)send(service, "POST", ".json", R"({"id_from_network": "x", "destination_phone_number": "888-111-2222", "lifetime_seconds": "no"})"); },
      [&] { (void)send(service, "POST", ".json", R"({"id_from_network": "search-demo"})"); },
      [&] { (void)send(service, "PUT", "/y.json", R"({"local_center": {"bad_key": 1}})"); },
      [&] { (void)send(service, "POST", ".json", "not json"); },
      [&] { (void)send(service, "DELETE", "/never.json", ""); },
      [&] {
        (void)service.handle(ringpool::api::make_request(
            "POST", base + ".json", R"({"id_from_network": "z"})",
            ringpool::api::Headers{{"Authorization", "wrong-token"}}));
      },
      [&] { (void)send(service, "POST", ".json", body_of_size("big", 2 * 1024 * 1024)); },
  };
  for (const auto& failure : failures) failure();

  for (const auto& [method, suffix, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"POST", ".json", R"({"id_from_network": "a", "destination_phone_number": "888-111-2222"})"},
           {"PUT", "/y.json", R"({"name": "y"})"},
           {"POST", ".json", R"({"id_from_network": "x"})"},
           {"GET", ".json", ""}}) {
    auto mine = send(service, method, suffix, body);
    auto theirs = send(twin, method, suffix, body);
    BOOST_TEST_CONTEXT(method << " " << suffix) {
      BOOST_TEST(mine.status == theirs.status);
      BOOST_TEST(mine.body == theirs.body);
    }
  }
}

BOOST_AUTO_TEST_CASE(C_3_bad_input_never_5xx) {
  const auto before = snapshot();
  std::string invalid_utf8 = R"({"id_from_network": "u", "name": ")";
  invalid_utf8 += static_cast<char>(0xC3);
  invalid_utf8 += static_cast<char>(0x28);
  invalid_utf8 += "\"}";
  std::string with_nul = std::string(R"({"id_from_network": "n)") + '\0' + R"("})";
  const std::vector<std::string> bodies{
      invalid_utf8,
      with_nul,
      "\xEF\xBB\xBF",  // a lone byte-order mark
      R"({"tn_prefix_whitelist": [[["455"]]], "id_from_network": "w"})",
      R"({"local_number_preferences": [], "id_from_network": "p"})",
      R"({"id_from_network": "dp", "destination_phone_number": [8881112222]})",
      R"({"id_from_network": "e", "max_pool_size": 1e400})",
  };
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    const std::string& body = bodies[i];
    BOOST_TEST_CONTEXT("body #" << i) {
      for (const char* method : {"POST", "PUT"}) {
        Reply reply = call(method, base + (std::string(method) == "POST" ? ".json" : "/p.json"), body);
        BOOST_TEST(reply.status >= 400);
        BOOST_TEST(reply.status < 500);
        BOOST_TEST(content_type_is_json(reply), reply);
        BOOST_TEST(!error_message(reply).empty(), reply);
      }
    }
  }
  BOOST_TEST(snapshot() == before);

  // A deeply nested value under an unknown key is ignored like any unknown key (M-17).
  const std::size_t depth = 100000;
  std::string deep = R"({"id_from_network": "deep", "zzz": )" + std::string(depth, '[') +
                     std::string(depth, ']') + "}";
  Reply nested = post(".json", deep);
  BOOST_TEST(nested.status == 201, nested.status << " " << nested.body.substr(0, 200));
}

// ---- C-4 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(C_4_body_over_1MiB_413_RequestTooLarge) {
  create("existing");
  const auto before = snapshot();
  const std::string huge = body_of_size("huge", 2 * 1024 * 1024);
  BOOST_REQUIRE(huge.size() == 2u * 1024u * 1024u);
  BOOST_TEST(is_error(post(".json", huge), 413, "RequestTooLarge"));
  BOOST_TEST(is_error(put("/existing.json", huge), 413, "RequestTooLarge"));
  BOOST_TEST(is_error(put("/huge.json", huge), 413, "RequestTooLarge"));
  // One byte over the limit.
  BOOST_TEST(is_error(post(".json", body_of_size("over", 1024 * 1024 + 1)), 413, "RequestTooLarge"));
  // Not even valid JSON needs to be read.
  BOOST_TEST(is_error(post(".json", std::string(2 * 1024 * 1024, '{')), 413, "RequestTooLarge"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(C_4_body_of_exactly_1MiB_accepted) {
  Reply reply = post(".json", body_of_size("exact", 1024 * 1024));
  BOOST_TEST(reply.status == 201, reply.status << " " << reply.body.substr(0, 200));
}

// ---- C-5 -------------------------------------------------------------------------------------

// With several invalid fields the reference reports the first in M-18's order, whatever the
// body's order. The messages of most fields are open (C-5), so each pair is checked against the
// messages the fields give alone.
BOOST_AUTO_TEST_CASE(C_5_first_invalid_field_in_representation_order) {
  create("existing");
  const auto before = snapshot();
  struct Pair {
    std::string earlier_key, earlier_value;  // earlier in M-18's order
    std::string later_key, later_value;
    std::string common;  // valid fields sent in all three bodies
  };
  const std::string local = R"("local_center": {"zipcode": "90210"}, )";
  const std::vector<Pair> pairs{
      {"lifetime_seconds", "59", "max_pool_size", "0", ""},
      {"preferred", "\"maybe\"", "lifetime_seconds", "59", ""},
      {"max_pool_size", "10001", "fill_immediately", "\"maybe\"", ""},
      {"fill_immediately", "\"maybe\"", "allow_overflow", "\"maybe\"", ""},
      {"allow_overflow", "\"maybe\"", "local_center", R"({"zipcode": "1"})", ""},
      {"local_center", R"({"zipcode": "1"})", "tn_prefix_whitelist", R"(["1"])", ""},
      {"local_number_preferences", R"({"bad": 1})", "destination_type", R"("Nope")", local},
      {"local_number_preferences", R"({"bad": 1})", "tn_prefix_whitelist", R"(["1"])", local},
      {"tn_prefix_whitelist", R"(["1"])", "destination_type", R"("Nope")", local},
  };
  for (const Pair& p : pairs) {
    BOOST_TEST_CONTEXT(p.earlier_key << " before " << p.later_key) {
      const std::string head = R"({"id_from_network": "c5", )" + p.common;
      Reply earlier_alone = post(".json", head + "\"" + p.earlier_key + "\": " + p.earlier_value + "}");
      Reply later_alone = post(".json", head + "\"" + p.later_key + "\": " + p.later_value + "}");
      BOOST_TEST(is_error(earlier_alone, 403, "RecordInvalid"));
      BOOST_TEST(is_error(later_alone, 403, "RecordInvalid"));
      // The pair says something only when the two messages differ (C-3: a message says what
      // was wrong).
      BOOST_WARN_MESSAGE(error_message(earlier_alone) != error_message(later_alone),
                         "same message for both fields: " << error_message(earlier_alone));
      // Both, with the later field first in the body.
      Reply both = post(".json", head + "\"" + p.later_key + "\": " + p.later_value + ", \"" +
                                     p.earlier_key + "\": " + p.earlier_value + "}");
      BOOST_TEST(is_error(both, 403, "RecordInvalid", error_message(earlier_alone)));
      // Same through PUT on an existing pool.
      Reply both_put = put("/existing.json", "{" + p.common + "\"" + p.later_key + "\": " +
                                                 p.later_value + ", \"" + p.earlier_key + "\": " +
                                                 p.earlier_value + "}");
      BOOST_TEST(is_error(both_put, 403, "RecordInvalid", error_message(earlier_alone)));
    }
  }
  // id_from_network comes first of all (a rename through PUT that is too long).
  const std::string too_long = "\"" + std::string(256, 'x') + "\"";
  Reply id_alone = put("/existing.json", R"({"id_from_network": )" + too_long + "}");
  Reply both = put("/existing.json",
                   R"({"lifetime_seconds": 59, "id_from_network": )" + too_long + "}");
  BOOST_TEST(is_error(id_alone, 403, "RecordInvalid"));
  BOOST_TEST(is_error(both, 403, "RecordInvalid", error_message(id_alone)));
  BOOST_TEST(snapshot() == before);
}

// M-8's "unknown keys are checked before anything else in local_center" orders the checks inside
// local_center; across fields C-5's order still holds, so a bad lifetime_seconds (earlier in
// M-18's order) is reported before local_center's unknown key.
BOOST_AUTO_TEST_CASE(C_5_local_center_unknown_key_does_not_jump_earlier_fields) {
  create("existing");
  const auto before = snapshot();
  Reply lifetime_alone = post(".json", R"({"id_from_network": "c5", "lifetime_seconds": 59})");
  BOOST_TEST(is_error(lifetime_alone, 403, "RecordInvalid"));
  BOOST_REQUIRE(error_message(lifetime_alone) != "Invalid Key in Local Center.");
  Reply both = post(".json", R"({"id_from_network": "c5", "local_center": {"bad_key": 1},
                                 "lifetime_seconds": 59})");
  BOOST_TEST(is_error(both, 403, "RecordInvalid", error_message(lifetime_alone)));
  Reply both_put = put("/existing.json", R"({"local_center": {"bad_key": 1}, "max_pool_size": 0})");
  Reply size_alone = put("/existing.json", R"({"max_pool_size": 0})");
  BOOST_TEST(is_error(size_alone, 403, "RecordInvalid"));
  BOOST_TEST(is_error(both_put, 403, "RecordInvalid", error_message(size_alone)));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(C_5_local_center_before_local_number_preferences_exact) {
  const auto before = snapshot();
  Reply reply = post(".json", R"({"id_from_network": "c5",
                                  "local_number_preferences": {"bad": 1},
                                  "local_center": {"bad_key": ""}})");
  BOOST_TEST(is_error(reply, 403, "RecordInvalid", "Invalid Key in Local Center."));
  Reply prefs = post(".json", R"({"id_from_network": "c5",
                                  "tn_prefix_whitelist": ["1"],
                                  "local_number_preferences": {"bad": 1},
                                  "local_center": {"zipcode": "90210"}})");
  BOOST_TEST(is_error(prefs, 403, "RecordInvalid", "Invalid Key in Local Number Preferences."));
  Reply zip = post(".json", R"({"id_from_network": "c5",
                                "local_number_preferences": {"bad": 1},
                                "local_center": {"zipcode": "9021"}})");
  BOOST_TEST(is_error(zip, 403, "RecordInvalid", "Invalid Zipcode."));
  BOOST_TEST(snapshot() == before);
}

// ---- C-6 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(C_6_host_from_world_not_Host_header) {
  Reply created = call("POST", base + ".json", R"({"id_from_network": "h"})", demo_token(),
                       ringpool::api::Headers{{"Host", "evil.example.com"},
                                              {"X-Forwarded-Host", "proxy.example.com"}});
  BOOST_TEST(created.status == 201, created);
  const std::string expected = "https://network1.ringpool.test/a_campaigns/ring_pools/" +
                               std::to_string(created["id"].get<std::int64_t>());
  BOOST_TEST(created["object_url"] == expected);
  Reply again = call("GET", base + "/h.json", {}, demo_token(),
                     ringpool::api::Headers{{"Host", "other.example.org:8080"}});
  BOOST_TEST(again["object_url"] == expected);
  BOOST_TEST(again.body.find("example") == std::string::npos);
  // Without any Host header as well.
  BOOST_TEST(read("h")["object_url"] == expected);
}

BOOST_AUTO_TEST_SUITE_END()
