// Bulk API (spec §4, B-1..B-11).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>
#include <string_view>

using namespace ringpool::test::allocation;

namespace {
json row(std::string suffix, std::string request_id) {
  return json{{"api_suffix", std::move(suffix)}, {"request_id", std::move(request_id)}};
}
std::string suffix(const Pool& p, std::string_view query, std::string_view format = "json") {
  std::string s = std::to_string(p.id) + "/allocate_number." + std::string(format) +
                  "?ring_pool_key=" + p.key;
  if (!query.empty()) s += "&" + std::string(query);
  return s;
}
json responses(const ringpool::api::Response& r) {
  BOOST_REQUIRE_MESSAGE(r.status == 200, "bulk: " << r);
  json v = json::parse(r.body);
  BOOST_REQUIRE(v.contains("responses"));
  return v["responses"];
}
// A-11's refusal of a legacy request, in `format`: 403, the documents' json body, A-4's shapes
// with that class and message in xml and csv.
boost::test_tools::predicate_result only_bulk(const ringpool::api::Response& r,
                                              std::string_view format) {
  const std::string message = "Numbers are automatically allocated by the PNAPI server";
  bool ok = r.status == 403;
  if (format == "json") {
    ok = ok && parse_or_null(r.body) ==
                   json{{"errors",
                         {{"invalid_data", message}, {"class", "OnlyBulkNumberAllocationAllowed"}}}};
  } else if (format == "csv") {
    ok = ok && r.body == "OnlyBulkNumberAllocationAllowed: " + message;
  } else {
    ok = ok && r.body.find("<Class>OnlyBulkNumberAllocationAllowed</Class>") != std::string::npos &&
         r.body.find("<Message>" + message + "</Message>") != std::string::npos;
  }
  boost::test_tools::predicate_result result(ok);
  if (!ok) result.message() << "expected A-11's " << format << " refusal, got " << r;
  return result;
}
// The one row of a Bulk request for `p` with `query`.
json bulk_row(AllocationFixture& f, const Pool& p, std::string_view query) {
  json rows = responses(f.bulk({{"requests", json::array({row(suffix(p, query), "r")})}}));
  BOOST_REQUIRE(rows.size() == 1u);
  return rows[0];
}
bool is_invalid_request(const ringpool::api::Response& r, int status, std::string_view cls) {
  json v = parse_or_null(r.body);
  return r.status == status && v.is_object() && v.contains("errors") &&
         v["errors"].value("class", "") == std::string(cls);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(bulk)

BOOST_AUTO_TEST_CASE(B_1_empty_requests_400) {
  AllocationFixture f;
  for (std::string body : {R"({"requests":[]})", R"({})", R"({"requests":{}})", "not json",
                           R"([1,2])", R"({"requests":"x"})"}) {
    auto r = f.bulk_raw(body);
    BOOST_TEST(is_invalid_request(r, 400, "InvalidRequest"), body << " -> " << r);
  }
}

BOOST_AUTO_TEST_CASE(B_1_over_1000_rows_413_and_request_alias) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b1"}, {"max_pool_size", 3}, {"fill_immediately", true}},
                         kCampBulk);
  const json before = f.inspect(b.id);
  json many = json::array();
  for (int i = 0; i < 1001; ++i) many.push_back(row(suffix(b, "m1=x"), "r"));
  auto r = f.bulk({{"requests", many}});
  BOOST_TEST(is_invalid_request(r, 413, "RequestTooLarge"), r);
  BOOST_TEST(f.inspect(b.id) == before);
  json rows = responses(f.bulk({{"request", json::array({row(suffix(b, "m1=x"), "r1")})}}));
  BOOST_TEST(rows.size() == 1u);
  BOOST_TEST(rows[0].contains("promo_number"), rows.dump());
}

BOOST_AUTO_TEST_CASE(B_2_both_suffix_forms) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b2"}, {"max_pool_size", 6}, {"fill_immediately", true}},
                         kCampBulk);
  const std::string tail = "/allocate_number.json?ring_pool_key=" + b.key + "&m1=x";
  const std::string id = std::to_string(b.id);
  json rows = responses(f.bulk({{"requests", json::array({row("ring_pools/" + id + tail, "a"),
                                                          row(id + tail, "b"),
                                                          row("/ring_pools/" + id + tail, "c"),
                                                          row("/" + id + tail, "d")})}}));
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  for (const json& r : rows) {
    BOOST_TEST(r.contains("promo_number"), r.dump());
    BOOST_TEST(!r.contains("error_class"), r.dump());
  }
}

BOOST_AUTO_TEST_CASE(B_2_xml_suffix_UnsupportedFormat_row) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b2x"}, {"max_pool_size", 3}, {"fill_immediately", true}},
                         kCampBulk);
  const json before = f.inspect(b.id);
  json rows = responses(f.bulk({{"requests", json::array({row(suffix(b, "m1=x", "xml"), "x"),
                                                          row(suffix(b, "m1=x", "csv"), "c"),
                                                          json{{"request_id", "no-suffix"}},
                                                          json("not an object")})}}));
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  BOOST_TEST(rows[0].value("error_class", "") == "UnsupportedFormat", rows.dump());
  BOOST_TEST(rows[1].value("error_class", "") == "UnsupportedFormat", rows.dump());
  BOOST_TEST(rows[2].value("error_class", "") == "InvalidRequest", rows.dump());
  BOOST_TEST(rows[3].value("error_class", "") == "InvalidRequest", rows.dump());
  BOOST_TEST(f.inspect(b.id) == before);
}

BOOST_AUTO_TEST_CASE(B_3_request_id_echoed_same_value_omitted_when_absent) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b3"}, {"max_pool_size", 5}, {"fill_immediately", true}},
                         kCampBulk);
  json reqs = json::array({json{{"api_suffix", suffix(b, "m1=1")}, {"request_id", 42}},
                           json{{"api_suffix", suffix(b, "m1=2")}},
                           json{{"api_suffix", suffix(b, "m1=3")}, {"request_id", "dup"}},
                           json{{"api_suffix", suffix(b, "m1=4")}, {"request_id", "dup"}}});
  json rows = responses(f.bulk({{"requests", reqs}}));
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  BOOST_TEST(rows[0].at("request_id") == 42);
  BOOST_TEST(!rows[1].contains("request_id"), rows.dump());
  BOOST_TEST(rows[2].at("request_id") == "dup");
  BOOST_TEST(rows[3].at("request_id") == "dup");
}

BOOST_AUTO_TEST_CASE(B_4_rows_in_order_later_rows_see_earlier_leases) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b4"}, {"max_pool_size", 4}, {"fill_immediately", true}},
                         kCampBulk);
  json rows = responses(f.bulk({{"requests", json::array({row(suffix(b, "m1=a"), "r1"),
                                                          row(suffix(b, "m1=b"), "r2"),
                                                          row(suffix(b, "m1=c"), "r3"),
                                                          row(suffix(b, "m1=d"), "r4")})}}));
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  std::set<std::string> numbers;
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(rows[i].at("request_id") == "r" + std::to_string(i + 1));
    BOOST_TEST(!rows[i].contains("overflow"), rows.dump());
    numbers.insert(rows[i].at("promo_number").get<std::string>());
  }
  BOOST_TEST(numbers.size() == 3u);
  BOOST_TEST(rows[3].at("overflow") == true);
  // Leases carry the allocation order of the rows.
  const json inspected = f.inspect(b.id);
  for (const json& n : inspected["numbers"]) {
    if (!n.contains("lease")) continue;
    const auto k = n["lease"]["allocation"].get<std::size_t>();
    BOOST_TEST(rows[k - 1]["promo_number"] == n["number"]);
  }
}

BOOST_AUTO_TEST_CASE(B_5_document_example_pool_of_3_filled_at_once) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b5"}, {"max_pool_size", 3}, {"fill_immediately", true}},
                         kCampBulk);
  json rows = responses(f.bulk({{"requests", json::array({row(suffix(b, "m1=a&m2=b"), "1"),
                                                          row(suffix(b, "m1=c&m2=d"), "2"),
                                                          row(suffix(b, "m1=e&m2=f"), "3")})}}));
  BOOST_TEST_REQUIRE(rows.size() == 3u);
  const std::string url = "https://network1.ringpool.test/c/1/" + std::to_string(b.id) + "-";
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(rows[i].contains("promo_number_formatted"), rows.dump());
    BOOST_TEST(rows[i].contains("promo_number"), rows.dump());
    BOOST_TEST(rows[i].at("tracking_url") == url + std::to_string(i + 1));
  }
  BOOST_TEST(!rows[0].contains("overflow"));
  BOOST_TEST(!rows[1].contains("overflow"));
  BOOST_TEST(rows[0]["promo_number"] != rows[1]["promo_number"]);
  BOOST_TEST(rows[2].at("overflow") == true);
  BOOST_TEST(rows[2]["promo_number"] == f.inspect(b.id)["overflow_number"]);
}

BOOST_AUTO_TEST_CASE(B_6_error_row_other_rows_succeed) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b6"}, {"max_pool_size", 5}, {"fill_immediately", true}},
                         kCampBulk);
  Pool wrong{b.id, "badkey"};
  auto r = f.bulk({{"requests", json::array({row(suffix(b, "m1=a"), "ok1"),
                                             row(suffix(wrong, "m1=b"), "bad"),
                                             row(suffix(b, "m1=" + std::string(2000, 'x')), "long"),
                                             row(suffix(b, "m1=c"), "ok2")})}});
  BOOST_TEST(r.status == 200, r);
  json rows = responses(r);
  BOOST_TEST_REQUIRE(rows.size() == 4u);
  BOOST_TEST(rows[0].contains("promo_number"));
  BOOST_TEST(rows[3].contains("promo_number"));
  // B-11: the legacy class and message.
  BOOST_TEST(rows[1].at("error_class") == "InvalidKey");
  BOOST_TEST(rows[1].at("message") ==
             "API Key 'badkey' is not valid for resource '" + std::to_string(b.id) + "'");
  BOOST_TEST(rows[1].at("request_id") == "bad");
  BOOST_TEST(rows[2].at("error_class") == "InvalidParameter");
  BOOST_TEST(rows[2].contains("message"));
  // The failed rows changed nothing: two allocations, numbered 1 and 2.
  json pool = f.inspect(b.id);
  BOOST_TEST(pool["allocations"] == 2);
  BOOST_TEST(pool["leased"] == 2);
  BOOST_TEST(rows[3]["tracking_url"] ==
             "https://network1.ringpool.test/c/1/" + std::to_string(b.id) + "-2");
}

BOOST_AUTO_TEST_CASE(B_7_no_parameter_MissingParameter) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b7"}, {"max_pool_size", 3}, {"fill_immediately", true}},
                         kCampBulk);
  const json before = f.inspect(b.id);
  json rows = responses(f.bulk({{"requests", json::array({row(suffix(b, ""), "none")})}}));
  BOOST_TEST(rows[0].value("error_class", "") == "MissingParameter", rows.dump());
  BOOST_TEST(f.inspect(b.id) == before);
  // An empty value counts, and so does any other query parameter.
  rows = responses(f.bulk({{"requests", json::array({row(suffix(b, "m1="), "empty"),
                                                     row(suffix(b, "whatever=1"), "other")})}}));
  BOOST_TEST(rows[0].contains("promo_number"), rows.dump());
  BOOST_TEST(rows[1].contains("promo_number"), rows.dump());
}

BOOST_AUTO_TEST_CASE(B_8_legacy_pool_BulkNumberAllocationNotEnabled) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "b8"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  const json before = f.inspect(p.id);
  json rows = responses(f.bulk({{"requests", json::array({row(suffix(p, "m1=x"), "r")})}}));
  BOOST_TEST(rows[0].value("error_class", "") == "BulkNumberAllocationNotEnabled", rows.dump());
  BOOST_TEST(f.inspect(p.id) == before);
}

BOOST_AUTO_TEST_CASE(B_8_enabling_bulk_at_runtime_applies_on_update) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "b8r"}, {"max_pool_size", 4}, {"fill_immediately", true}});
  auto c = f.control("POST", "/_control/bulk", R"({"network":1,"advertiser":"adv-1","enabled":true})");
  BOOST_TEST(c.status == 200, c);
  // Not yet: the pool is bulk-served from its next successful update on.
  json rows = responses(f.bulk({{"requests", json::array({row(suffix(p, "m1=x"), "r")})}}));
  BOOST_TEST(rows[0].value("error_class", "") == "BulkNumberAllocationNotEnabled", rows.dump());
  BOOST_TEST(f.allocate(p, "json", "m1=y").status == 200);

  auto u = f.mgmt("PUT", kCamp1 + "/b8r.json", R"({"name":"now bulk"})");
  BOOST_TEST(u.status == 200, u);
  rows = responses(f.bulk({{"requests", json::array({row(suffix(p, "m1=x"), "r")})}}));
  BOOST_TEST(rows[0].contains("promo_number"), rows.dump());
  auto legacy = f.allocate(p, "json", "m1=z");
  BOOST_TEST(legacy.status == 403, legacy);
  BOOST_TEST(legacy.body.find("OnlyBulkNumberAllocationAllowed") != std::string::npos, legacy);

  // A pool created while enabled is bulk-served at once.
  Pool q = f.create_pool({{"id_from_network", "b8n"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  rows = responses(f.bulk({{"requests", json::array({row(suffix(q, "m1=x"), "r")})}}));
  BOOST_TEST(rows[0].contains("promo_number"), rows.dump());
}

// B-8 / A-11, publisher level: a legacy request on behalf of a bulk-enabled affiliate is refused
// in every format, on an ordinary pool, and changes nothing; the pool itself stays legacy-served
// (an affiliate's enablement is not its pools'), so other visitors are still served.
BOOST_AUTO_TEST_CASE(B_8_bulk_enabled_affiliate_refuses_legacy_only_for_that_affiliate) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "b8a"}, {"max_pool_size", 4}, {"fill_immediately", true}});
  const json before = f.inspect(p.id);
  BOOST_TEST(before["bulk_served"] == false);
  for (const char* format : {"json", "xml", "csv"})  // bulk-pub: bulk_enabled in the world file
    BOOST_TEST(only_bulk(f.allocate(p, format, "m1=x&pid=bulk-pub"), format));
  BOOST_TEST(f.inspect(p.id) == before);
  // The ordinary publisher is served, and the refusals took no allocation (A-10 counts from 1).
  const std::string url = "https://network1.ringpool.test/c/1/" + std::to_string(p.id) + "-";
  BOOST_TEST(f.allocate_ok(p, "m1=y&pid=5567").at("tracking_url") == url + "1");

  // Enabled at run time, 5567 is refused from then on, with nothing changed.
  auto c =
      f.control("POST", "/_control/bulk", R"({"network":1,"affiliate":"5567","enabled":true})");
  BOOST_TEST_REQUIRE(c.status == 200, c);
  const json during = f.inspect(p.id);
  for (const char* format : {"json", "xml", "csv"})
    BOOST_TEST(only_bulk(f.allocate(p, format, "m1=z&pid=5567"), format));
  BOOST_TEST(f.inspect(p.id) == during);
  BOOST_TEST(f.allocate_ok(p, "m1=anonymous").at("tracking_url") == url + "2");
  // Not the pool's enablement: even an update now leaves it legacy-served.
  auto u = f.mgmt("PUT", kCamp1 + "/b8a.json", R"({"name":"still legacy"})");
  BOOST_TEST(u.status == 200, u);
  BOOST_TEST(f.inspect(p.id)["bulk_served"] == false);
  BOOST_TEST(bulk_row(f, p, "m1=w").value("error_class", "") ==
             "BulkNumberAllocationNotEnabled");
  // Disabled again, 5567 is served again.
  c = f.control("POST", "/_control/bulk", R"({"network":1,"affiliate":"5567","enabled":false})");
  BOOST_TEST_REQUIRE(c.status == 200, c);
  BOOST_TEST(f.allocate_ok(p, "m1=v&pid=5567").at("tracking_url") == url + "3");
}

// B-8, advertiser level: enabling Bulk for adv-1 makes its pools created afterwards bulk-served at
// once (in any of its campaigns); a pool created before stays legacy-served until a successful
// update (a POST of its id counts, M-3); a failed update neither serves it by Bulk nor changes
// anything else.
BOOST_AUTO_TEST_CASE(B_8_advertiser_enablement_serves_pools_created_or_updated_after_it) {
  AllocationFixture f;
  Pool old = f.create_pool(
      {{"id_from_network", "old"}, {"max_pool_size", 4}, {"fill_immediately", true}});
  auto c =
      f.control("POST", "/_control/bulk", R"({"network":1,"advertiser":"adv-1","enabled":true})");
  BOOST_TEST_REQUIRE(c.status == 200, c);

  Pool fresh = f.create_pool(
      {{"id_from_network", "fresh"}, {"max_pool_size", 3}, {"fill_immediately", true}}, kCamp2);
  BOOST_TEST(f.inspect(fresh.id)["bulk_served"] == true);
  BOOST_TEST(bulk_row(f, fresh, "m1=a").contains("promo_number"));
  BOOST_TEST(only_bulk(f.allocate(fresh, "json", "m1=b"), "json"));

  BOOST_TEST(f.inspect(old.id)["bulk_served"] == false);
  BOOST_TEST(f.allocate(old, "json", "m1=c").status == 200);
  BOOST_TEST(bulk_row(f, old, "m1=d").value("error_class", "") ==
             "BulkNumberAllocationNotEnabled");

  // A failed update (max_pool_size 0, M-11): 403, the pool unchanged and still legacy-served.
  const json before = f.inspect(old.id);
  const std::string representation = f.mgmt("GET", kCamp1 + "/old.json").body;
  auto bad = f.mgmt("PUT", kCamp1 + "/old.json", R"({"max_pool_size":0})");
  BOOST_TEST(bad.status == 403, bad);
  BOOST_TEST(f.inspect(old.id) == before);
  BOOST_TEST(f.mgmt("GET", kCamp1 + "/old.json").body == representation);
  BOOST_TEST(f.allocate(old, "json", "m1=e").status == 200);
  BOOST_TEST(bulk_row(f, old, "m1=f").value("error_class", "") ==
             "BulkNumberAllocationNotEnabled");

  // A successful update (POST of the existing id answers 200): bulk-served from now on.
  auto updated =
      f.mgmt("POST", kCamp1 + ".json", R"({"id_from_network":"old","name":"bulk now"})");
  BOOST_TEST_REQUIRE(updated.status == 200, updated);
  BOOST_TEST(f.inspect(old.id)["bulk_served"] == true);
  const json served = f.inspect(old.id);
  BOOST_TEST(only_bulk(f.allocate(old, "csv", "m1=g"), "csv"));
  BOOST_TEST(f.inspect(old.id) == served);
  BOOST_TEST(bulk_row(f, old, "m1=h").contains("promo_number"));
}

// B-8's rule looks at creation and at each successful update: with adv-bulk enabled in the world
// file a pool created through the API is bulk-served at once; once adv-bulk is disabled, new pools
// are legacy-served, while the earlier pool keeps Bulk (it was enabled at its creation), even
// after a further update.
BOOST_AUTO_TEST_CASE(B_8_bulk_served_pool_keeps_bulk_after_advertiser_disabled) {
  AllocationFixture f;
  Pool early = f.create_pool(
      {{"id_from_network", "early"}, {"max_pool_size", 3}, {"fill_immediately", true}}, kCampBulk);
  BOOST_TEST(f.inspect(early.id)["bulk_served"] == true);
  BOOST_TEST(only_bulk(f.allocate(early, "xml", "m1=a"), "xml"));
  auto c = f.control("POST", "/_control/bulk",
                     R"({"network":1,"advertiser":"adv-bulk","enabled":false})");
  BOOST_TEST_REQUIRE(c.status == 200, c);

  Pool late = f.create_pool(
      {{"id_from_network", "late"}, {"max_pool_size", 3}, {"fill_immediately", true}}, kCampBulk);
  BOOST_TEST(f.inspect(late.id)["bulk_served"] == false);
  BOOST_TEST(f.allocate(late, "json", "m1=b").status == 200);
  BOOST_TEST(bulk_row(f, late, "m1=c").value("error_class", "") ==
             "BulkNumberAllocationNotEnabled");

  auto u = f.mgmt("PUT", kCampBulk + "/early.json", R"({"name":"updated while disabled"})");
  BOOST_TEST(u.status == 200, u);
  BOOST_TEST(f.inspect(early.id)["bulk_served"] == true);
  BOOST_TEST(only_bulk(f.allocate(early, "json", "m1=d"), "json"));
  BOOST_TEST(bulk_row(f, early, "m1=e").contains("promo_number"));
}

BOOST_AUTO_TEST_CASE(B_9_non_custom_UnsupportedRingPoolType) {
  std::string world(ringpool::world_file::default_world_toml());
  world += R"(
[[ring_pool]]
network = 1
advertiser = "adv-bulk"
campaign = "camp-bulk"
id_from_network = "bulk-search"
type = "Search"
served_by = "bulk"
max_pool_size = 3
fill_immediately = true
)";
  AllocationFixture f(inline_world(world));
  Pool s = f.read_pool(kCampBulk, "bulk-search");
  const json before = f.inspect(s.id);
  json rows = responses(f.bulk({{"requests", json::array({row(
      suffix(s, "search_engine=google&search_keywords=shoes"), "r")})}}));
  BOOST_TEST(rows[0].value("error_class", "") == "UnsupportedRingPoolType", rows.dump());
  BOOST_TEST(f.inspect(s.id) == before);
}

BOOST_AUTO_TEST_CASE(B_10_processing_time_header_present_and_numeric) {
  AllocationFixture f;
  Pool b = f.create_pool({{"id_from_network", "b10"}, {"max_pool_size", 3}, {"fill_immediately", true}},
                         kCampBulk);
  auto r = f.bulk({{"requests", json::array({row(suffix(b, "m1=x"), "r")})}});
  BOOST_TEST(r.status == 200, r);
  auto it = r.headers.find("processing-time");
  BOOST_TEST_REQUIRE((it != r.headers.end()));
  const std::string& value = it->second;
  char* end = nullptr;
  const double ms = std::strtod(value.c_str(), &end);
  BOOST_TEST(!value.empty());
  BOOST_TEST((end == value.c_str() + value.size()), value);
  BOOST_TEST(ms >= 0.0);
  BOOST_TEST(value.find_first_not_of("0123456789.") == std::string::npos, value);
}

BOOST_AUTO_TEST_SUITE_END()  // bulk
BOOST_AUTO_TEST_SUITE_END()  // allocation
