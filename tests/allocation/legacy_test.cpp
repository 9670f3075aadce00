// Legacy allocation API (spec §3, A-1..A-13).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool::test::allocation;

namespace {
bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }
std::string invalid_key_text(std::string_view key, std::int64_t id) {
  return "InvalidKey: API Key '" + std::string(key) + "' is not valid for resource '" +
         std::to_string(id) + "'";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(legacy)

BOOST_AUTO_TEST_CASE(A_1_unknown_format_404_plain_text) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a1"}});
  const json before = f.inspect(p.id);
  for (std::string_view format : {"txt", "html", "JSON", ""}) {
    auto r = f.allocate(p, format);
    BOOST_TEST(r.status == 404, r);
    BOOST_TEST(starts_with(r.content_type, "text/plain"), r);
  }
  BOOST_TEST(f.inspect(p.id) == before);
  // Any YYYY-MM-DD version is served.
  auto ok = f.call("GET", "/api/2020-02-02/ring_pools/" + std::to_string(p.id) +
                              "/allocate_number.json?ring_pool_key=" + p.key);
  BOOST_TEST(ok.status == 200, ok);
  BOOST_TEST(f.inspect(p.id)["allocations"] == before["allocations"].get<int>() + 1);
}

// "<version> is any YYYY-MM-DD date; another format -> 404 (plain text)". Paths that are not
// the legacy route at all keep the Service's JSON 404.
BOOST_AUTO_TEST_CASE(A_1_malformed_version_404_plain_text) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a1v"}});
  const json before = f.inspect(p.id);
  for (std::string_view version : {"2015-1209", "20151209", "2015-12-9", "latest"}) {
    auto r = f.call("GET", "/api/" + std::string(version) + "/ring_pools/" + std::to_string(p.id) +
                               "/allocate_number.json?ring_pool_key=" + p.key);
    BOOST_TEST(r.status == 404, r);
    BOOST_TEST(starts_with(r.content_type, "text/plain"), r);
  }
  BOOST_TEST(f.inspect(p.id) == before);
  const std::string pool = "/api/latest/ring_pools/" + std::to_string(p.id);
  for (const std::string& target : {pool + "/allocate_number.json/x", pool + "/release_number.json",
                                    "/api/latest" + kCamp1.substr(std::string_view("/api/2022-08-01").size()) + ".json"}) {
    auto r = f.call("GET", target);
    BOOST_TEST(r.status == 404, r);
    BOOST_TEST(starts_with(r.content_type, "application/json"), r);
    BOOST_TEST(r.body.find("RecordNotFound") != std::string::npos, r);
  }
}

BOOST_AUTO_TEST_CASE(A_2_json_xml_csv_success_shapes) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a2"}, {"max_pool_size", 5}, {"fill_immediately", true}});
  const std::string url = "https://network1.ringpool.test/c/1/" + std::to_string(p.id) + "-";

  auto j = f.allocate(p, "json");
  BOOST_TEST(j.status == 200, j);
  BOOST_TEST(starts_with(j.content_type, "application/json"), j);
  json v = json::parse(j.body);
  const std::string promo = v.at("promo_number").get<std::string>();
  BOOST_TEST(promo.size() == 10u);
  BOOST_TEST(v.at("promo_number_formatted") ==
             promo.substr(0, 3) + "-" + promo.substr(3, 3) + "-" + promo.substr(6));
  BOOST_TEST(v.at("tracking_url") == url + "1");
  BOOST_TEST(!v.contains("overflow"));

  auto x = f.allocate(p, "xml");
  BOOST_TEST(x.status == 200, x);
  BOOST_TEST(starts_with(x.content_type, "application/xml"), x);
  BOOST_TEST(starts_with(x.body, R"(<?xml version="1.0" encoding="UTF-8"?>)"), x);
  BOOST_TEST(x.body.find("<Response>") != std::string::npos, x);
  BOOST_TEST(x.body.find("<PromoNumberFormatted>") != std::string::npos, x);
  BOOST_TEST(x.body.find("<PromoNumber>") != std::string::npos, x);
  BOOST_TEST(x.body.find("<TrackingUrl>" + url + "2</TrackingUrl>") != std::string::npos, x);
  BOOST_TEST(x.body.find("<Overflow>") == std::string::npos, x);

  auto c = f.allocate(p, "csv");
  BOOST_TEST(c.status == 200, c);
  BOOST_TEST(starts_with(c.content_type, "text/csv"), c);
  BOOST_TEST((starts_with(c.body, "PromoNumberFormatted,PromoNumber,TrackingUrl\r\n") ||
              starts_with(c.body, "PromoNumberFormatted,PromoNumber,TrackingUrl\n")),
             c);
  BOOST_TEST(c.body.find("," + url + "3") != std::string::npos, c);
}

BOOST_AUTO_TEST_CASE(A_2_overflow_flag_json_and_xml) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a2o"}, {"max_pool_size", 1}});
  json v = f.allocate_ok(p);
  BOOST_TEST(v.at("overflow") == true);
  auto x = f.allocate(p, "xml");
  BOOST_TEST(x.status == 200, x);
  BOOST_TEST(x.body.find("<Overflow>true</Overflow>") != std::string::npos, x);
  auto c = f.allocate(p, "csv");
  BOOST_TEST(c.status == 200, c);
  BOOST_TEST(c.body.find("verflow") == std::string::npos, c);
}

BOOST_AUTO_TEST_CASE(A_4_wrong_missing_key_unknown_pool_same_InvalidKey) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a4"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  const json before = f.inspect(p.id);

  auto wrong = f.allocate(p.id, "0123456789abcdef0123456789abcdef", "json");
  BOOST_TEST(wrong.status == 403, wrong);
  BOOST_TEST(wrong.body == invalid_key_text("0123456789abcdef0123456789abcdef", p.id), wrong);

  auto wrong_csv = f.allocate(p.id, "bad", "csv");
  BOOST_TEST(wrong_csv.status == 403, wrong_csv);
  BOOST_TEST(wrong_csv.body == invalid_key_text("bad", p.id), wrong_csv);

  auto wrong_xml = f.allocate(p.id, "bad", "xml");
  BOOST_TEST(wrong_xml.status == 403, wrong_xml);
  BOOST_TEST(wrong_xml.body.find("<Error>") != std::string::npos, wrong_xml);
  BOOST_TEST(wrong_xml.body.find("<Class>InvalidKey</Class>") != std::string::npos, wrong_xml);
  BOOST_TEST(wrong_xml.body.find("<Message>API Key 'bad' is not valid for resource '" +
                                 std::to_string(p.id) + "'</Message>") != std::string::npos,
             wrong_xml);

  auto missing = f.call("GET", "/api/2015-12-09/ring_pools/" + std::to_string(p.id) +
                                   "/allocate_number.json?m1=x");
  BOOST_TEST(missing.status == 403, missing);
  BOOST_TEST(missing.body == invalid_key_text("", p.id), missing);

  auto unknown = f.allocate(99999, "bad", "json");
  BOOST_TEST(unknown.status == 403, unknown);
  BOOST_TEST(unknown.body == invalid_key_text("bad", 99999), unknown);
  // Unknown pool with a real key of another pool: the same answer as a wrong key.
  auto unknown_real_key = f.allocate(99999, p.key, "json");
  BOOST_TEST(unknown_real_key.status == 403, unknown_real_key);
  BOOST_TEST(unknown_real_key.body == invalid_key_text(p.key, 99999), unknown_real_key);

  BOOST_TEST(f.inspect(p.id) == before);  // C-3: failures change nothing

  // A deleted pool answers as a wrong key does, even with its own key.
  auto d = f.mgmt("DELETE", kCamp1 + "/a4.json");
  BOOST_TEST(d.status == 200, d);
  auto deleted = f.allocate(p, "json");
  BOOST_TEST(deleted.status == 403, deleted);
  BOOST_TEST(deleted.body == invalid_key_text(p.key, p.id), deleted);
}

BOOST_AUTO_TEST_CASE(A_6_custom_name_wins_over_paramN) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a6"}, {"max_pool_size", 4}, {"fill_immediately", true}});
  json v1 = f.allocate_ok(p, "param1=fromparam&m1=fromcustom&param2=two&unknown=zzz");
  json v2 = f.allocate_ok(p, "m1=custom-first&param1=param-second");
  json pool = f.inspect(p.id);
  int seen = 0;
  for (const json& n : pool["numbers"]) {
    if (!n.contains("lease")) continue;
    const json& params = n["lease"]["parameters"];
    if (n["number"] == v1["promo_number"]) {
      ++seen;
      BOOST_TEST(params.at("m1") == "fromcustom", params.dump());
      BOOST_TEST(params.at("m2") == "two", params.dump());
      BOOST_TEST(!params.contains("unknown"), params.dump());
    } else if (n["number"] == v2["promo_number"]) {
      ++seen;
      BOOST_TEST(params.at("m1") == "custom-first", params.dump());
    }
  }
  BOOST_TEST(seen == 2);
}

BOOST_AUTO_TEST_CASE(A_6_percent_decoded_utf8_values) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a6u"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  json v = f.allocate_ok(p, "m3=caf%C3%A9%20bar");
  const json inspected = f.inspect(p.id);
  for (const json& n : inspected["numbers"])
    if (n["number"] == v["promo_number"])
      BOOST_TEST(n["lease"]["parameters"].at("m3") == "caf\xC3\xA9 bar");
}

BOOST_AUTO_TEST_CASE(A_6_overlong_value_400_InvalidParameter) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a6o"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  const json before = f.inspect(p.id);
  auto r = f.allocate(p, "json", "m1=" + std::string(1025, 'x'));
  BOOST_TEST(r.status == 400, r);
  BOOST_TEST(starts_with(r.body, "InvalidParameter: "), r);
  auto bad_encoding = f.allocate(p, "json", "m1=%ZZ");
  BOOST_TEST(bad_encoding.status == 400, bad_encoding);
  BOOST_TEST(starts_with(bad_encoding.body, "InvalidParameter: "), bad_encoding);
  auto bad_utf8 = f.allocate(p, "json", "m1=%FF%FE");
  BOOST_TEST(bad_utf8.status == 400, bad_utf8);
  BOOST_TEST(starts_with(bad_utf8.body, "InvalidParameter: "), bad_utf8);
  BOOST_TEST(f.inspect(p.id) == before);
  // Exactly 1024 bytes is fine.
  auto ok = f.allocate(p, "json", "m1=" + std::string(1024, 'x'));
  BOOST_TEST(ok.status == 200, ok);
}

BOOST_AUTO_TEST_CASE(A_7_search_pool_needs_engine_and_keywords_or_referrer) {
  AllocationFixture f;
  Pool s = f.read_pool(kCamp2, "search-demo");
  BOOST_TEST(s.id == 1);
  const json before = f.inspect(s.id);
  auto none = f.allocate(s, "json", "m1=x");
  BOOST_TEST(none.status == 400, none);
  BOOST_TEST(starts_with(none.body, "InvalidParameter: "), none);
  auto engine_only = f.allocate(s, "json", "search_engine=google");
  BOOST_TEST(engine_only.status == 400, engine_only);
  BOOST_TEST(engine_only.body.find("search_keywords") != std::string::npos, engine_only);
  auto keywords_only = f.allocate(s, "json", "search_keywords=shoes");
  BOOST_TEST(keywords_only.status == 400, keywords_only);
  BOOST_TEST(keywords_only.body.find("search_engine") != std::string::npos, keywords_only);
  BOOST_TEST(f.inspect(s.id) == before);

  auto both = f.allocate(s, "json", "search_engine=google&search_keywords=red%20shoes");
  BOOST_TEST(both.status == 200, both);
  auto referrer = f.allocate(
      s, "json", "referrer=https%3A%2F%2Fwww.google.com%2Fsearch%3Fq%3Dblue%2Bshoes");
  BOOST_TEST(referrer.status == 200, referrer);
}

BOOST_AUTO_TEST_CASE(A_9_unknown_affiliate_403_InvalidAffiliate) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a9"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  const json before = f.inspect(p.id);
  auto r = f.allocate(p, "json", "pid=nope");
  BOOST_TEST(r.status == 403, r);
  BOOST_TEST(starts_with(r.body, "InvalidAffiliate: "), r);
  auto x = f.allocate(p, "xml", "pid=nope");
  BOOST_TEST(x.status == 403, x);
  BOOST_TEST(x.body.find("<Class>InvalidAffiliate</Class>") != std::string::npos, x);
  BOOST_TEST(f.inspect(p.id) == before);

  json v = f.allocate_ok(p, "pid=5567");
  bool found = false;
  const json inspected = f.inspect(p.id);
  for (const json& n : inspected["numbers"])
    if (n["number"] == v["promo_number"]) {
      found = true;
      BOOST_TEST(n["lease"].value("affiliate", "") == "5567");
    }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(A_10_tracking_url_counts_allocations) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a10"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  const std::string url = "https://network1.ringpool.test/c/1/" + std::to_string(p.id) + "-";
  for (int n = 1; n <= 5; ++n) {  // 2 trackable, then overflow answers (counted too)
    json v = f.allocate_ok(p, "m1=" + std::to_string(n));
    BOOST_TEST(v["tracking_url"] == url + std::to_string(n));
    BOOST_TEST(v.contains("overflow") == (n > 2));
  }
  BOOST_TEST(f.inspect(p.id)["allocations"] == 5);
  // mobile_click_to_call=true (C-1 boolean) -> tel: URI.
  for (std::string_view t : {"true", "1"}) {
    json v = f.allocate_ok(p, "mobile_click_to_call=" + std::string(t));
    BOOST_TEST(v["tracking_url"] == "tel:+1" + v["promo_number"].get<std::string>());
  }
  json v = f.allocate_ok(p, "mobile_click_to_call=false");
  BOOST_TEST(v["tracking_url"] == url + "8");
}

BOOST_AUTO_TEST_CASE(A_10_landing_page_us_parameter) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a10l"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  json v = f.allocate_ok(p, "landing_page=https%3A%2F%2Fex.test%2Fp%3Fa%3D1%23frag");
  const std::string promo = v["promo_number"].get<std::string>();
  const std::string url = v["tracking_url"].get<std::string>();
  const std::string prefix = "https://network1.ringpool.test/c/1/" + std::to_string(p.id) + "-1?us=";
  BOOST_TEST(starts_with(url, prefix), url);
  // The decoded landing page has sid/PPCPN joined with & before the fragment.
  std::string encoded = url.substr(prefix.size());
  std::string decoded;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() + 0) {
      decoded += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += encoded[i];
    }
  }
  BOOST_TEST(decoded == "https://ex.test/p?a=1&sid=" + promo + "&PPCPN=" + promo + "#frag", url);
}

BOOST_AUTO_TEST_CASE(A_11_bulk_pool_refuses_legacy_exact_json_body) {
  AllocationFixture f;
  Pool b = f.read_pool(kCampBulk, "bulk-demo");
  const json before = f.inspect(b.id);
  auto r = f.allocate(b, "json", "m1=x");
  BOOST_TEST(r.status == 403, r);
  BOOST_TEST(starts_with(r.content_type, "application/json"), r);
  BOOST_TEST(json::parse(r.body) ==
             json::parse(R"({"errors":{"invalid_data":"Numbers are automatically allocated by the PNAPI server","class":"OnlyBulkNumberAllocationAllowed"}})"),
             r);
  auto c = f.allocate(b, "csv", "m1=x");
  BOOST_TEST(c.status == 403, c);
  BOOST_TEST(c.body ==
                 "OnlyBulkNumberAllocationAllowed: Numbers are automatically allocated by the PNAPI server",
             c);
  auto x = f.allocate(b, "xml", "m1=x");
  BOOST_TEST(x.status == 403, x);
  BOOST_TEST(x.body.find("<Class>OnlyBulkNumberAllocationAllowed</Class>") != std::string::npos, x);
  BOOST_TEST(f.inspect(b.id) == before);

  // A legacy request on behalf of a bulk-enabled affiliate answers the same.
  Pool p = f.create_pool({{"id_from_network", "a11"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  const json before_legacy = f.inspect(p.id);
  auto a = f.allocate(p, "json", "pid=bulk-pub");
  BOOST_TEST(a.status == 403, a);
  BOOST_TEST(json::parse(a.body) ==
             json::parse(R"({"errors":{"invalid_data":"Numbers are automatically allocated by the PNAPI server","class":"OnlyBulkNumberAllocationAllowed"}})"),
             a);
  BOOST_TEST(f.inspect(p.id) == before_legacy);
}

BOOST_AUTO_TEST_CASE(A_12_exhausted_pool_answers_overflow) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a12"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  json first = f.allocate_ok(p, "m1=1");
  BOOST_TEST(!first.contains("overflow"));
  const std::string overflow = f.inspect(p.id)["overflow_number"].get<std::string>();
  for (int i = 2; i <= 4; ++i) {
    json v = f.allocate_ok(p, "m1=" + std::to_string(i));
    BOOST_TEST(v.at("overflow") == true);
    BOOST_TEST(v.at("promo_number") == overflow);
  }
}

BOOST_AUTO_TEST_CASE(A_13_key_error_beats_bulk_only) {
  AllocationFixture f;
  Pool b = f.read_pool(kCampBulk, "bulk-demo");
  auto r = f.allocate(b.id, "bad", "json", "m1=" + std::string(2000, 'x'));
  BOOST_TEST(r.status == 403, r);
  BOOST_TEST(r.body == invalid_key_text("bad", b.id), r);
}

BOOST_AUTO_TEST_CASE(A_13_bulk_only_beats_parameter_error) {
  AllocationFixture f;
  Pool b = f.read_pool(kCampBulk, "bulk-demo");
  auto r = f.allocate(b, "csv", "m1=" + std::string(2000, 'x') + "&pid=nope");
  BOOST_TEST(r.status == 403, r);
  BOOST_TEST(starts_with(r.body, "OnlyBulkNumberAllocationAllowed: "), r);
}

BOOST_AUTO_TEST_CASE(A_13_parameter_error_beats_affiliate) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a13p"}, {"max_pool_size", 2}});
  auto r = f.allocate(p, "json", "pid=nope&m1=" + std::string(2000, 'x'));
  BOOST_TEST(r.status == 400, r);
  BOOST_TEST(starts_with(r.body, "InvalidParameter: "), r);
}

BOOST_AUTO_TEST_CASE(A_13_affiliate_beats_capacity) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a13c"},
                          {"max_pool_size", 1},
                          {"allow_overflow", false},
                          {"fill_immediately", true}});
  BOOST_TEST(f.allocate(p, "json", "m1=1").status == 200);
  auto exhausted = f.allocate(p, "json", "m1=2");
  BOOST_TEST(exhausted.status == 503, exhausted);
  auto r = f.allocate(p, "json", "m1=3&pid=nope");
  BOOST_TEST(r.status == 403, r);
  BOOST_TEST(starts_with(r.body, "InvalidAffiliate: "), r);
}

BOOST_AUTO_TEST_SUITE_END()  // legacy
BOOST_AUTO_TEST_SUITE_END()  // allocation
