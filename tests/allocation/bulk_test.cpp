// Bulk API (spec §4, B-1..B-11).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

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
