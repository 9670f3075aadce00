// The bad-input battery (issue 12): several hundred malformed requests across every endpoint and
// format (management, legacy xml/json/csv, Bulk, control), each answered without a 5xx, with a
// body that parses in its declared Content-Type, and none of them changing any state (C-3).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <string>
#include <vector>

using namespace ringpool;
using namespace ringpool::test::allocation;

namespace {

struct BadRequest {
  std::string method;
  std::string target;
  std::string body;
  api::Headers headers;
};

api::Headers with_token(std::string_view token) { return ServiceFixture::authorized(token); }

api::Headers with_control_token(std::string_view token) {
  api::Headers headers;
  headers.emplace("X-Control-Token", std::string(token));
  return headers;
}

// Valid UTF-8 (nlohmann refuses to dump anything else without a replacement policy).
bool is_utf8(const std::string& text) {
  try {
    (void)json(text).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

bool has_forbidden_control(const std::string& text) {
  for (const char c : text)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
  return false;
}

// Empty when `response`'s body is well-formed in its declared Content-Type; else why not.
std::string body_problem(const api::Response& response) {
  const std::string& type = response.content_type;
  const std::string& body = response.body;
  if (type.empty()) return body.empty() ? "" : "a body without a Content-Type";
  if (!is_utf8(body)) return "not UTF-8";
  if (type.starts_with("application/json")) return json::parse(body, nullptr, false).is_discarded() ? "not JSON" : "";
  if (type.starts_with("application/xml")) {
    pugi::xml_document document;
    if (!document.load_buffer(body.data(), body.size())) return "not XML";
    // Character references are how illegal XML 1.0 characters sneak in; pugixml never writes any.
    if (has_forbidden_control(body) || body.find("&#") != std::string::npos) return "a character XML 1.0 forbids";
    return "";
  }
  if (type.starts_with("text/")) return has_forbidden_control(body) ? "a control character in text" : "";
  return "an unexpected Content-Type";
}

// Everything the control API and the management API show of the world: each pool's numbers,
// leases and autoscaling state, each campaign's list, and the clock.
std::string world_view(AllocationFixture& f, std::int64_t last_pool_id) {
  std::string view = f.control("GET", "/_control/clock").body;
  for (std::int64_t id = 1; id <= last_pool_id + 2; ++id) view += "\n" + f.control("GET", "/_control/ring_pools/" + std::to_string(id)).body;
  for (const std::string& base : std::vector<std::string>{kCamp1, kCamp2, kCampBulk}) view += "\n" + f.mgmt("GET", base + ".json").body;
  return view;
}

std::vector<BadRequest> management_requests(const Pool& pool) {
  std::vector<BadRequest> out;
  const std::string item = kCamp1 + "/battery.json";
  // Bodies that no create or update accepts; each names one bad field or is not an object.
  const std::vector<std::string> bodies = {
      "",
      "{",
      "[]",
      "null",
      "42",
      R"("text")",
      R"({"max_pool_size":"many"})",
      R"({"max_pool_size":0})",
      R"({"max_pool_size":10001})",
      R"({"max_pool_size":1e999})",
      R"({"max_pool_size":-1})",
      R"({"max_pool_size":2.5})",
      R"({"lifetime_seconds":"soon"})",
      R"({"lifetime_seconds":-5})",
      R"({"allow_overflow":"maybe"})",
      R"({"fill_immediately":2})",
      R"({"preferred":"yes"})",
      R"({"name":["a"]})",
      R"({"name":{"x":1}})",
      R"({"id_from_network":""})",
      R"({"id_from_network":" "})",
      R"({"id_from_network":"a\u0000b"})",
      R"({"id_from_network":"a\u0001b"})",
      R"({"id_from_network":5.5})",
      R"({"id_from_network":")" + std::string(300, 'x') + R"("})",
      R"x({"destination_phone_number":"(888)111-2222)"})x",
      R"({"destination_phone_number":"8-8-8-1-1-1-2-2-2-2"})",
      R"({"destination_phone_number":"123"})",
      R"({"destination_phone_number":"188-111-2222"})",
      R"({"destination_phone_number":true})",
      R"({"tn_prefix_whitelist":"888"})",
      R"({"tn_prefix_whitelist":["88"]})",
      R"({"local_center":[]})",
      R"({"local_center":{"tn_prefix":"abc"}})",
      R"({"local_center":{"zipcode":"1"}})",
      R"({"local_center":{"latitude":"north"}})",
      R"({"local_center":{"bogus":1}})",
      R"({"local_number_preferences":{"allocation_fallback_strategy":"Later"}})",
      std::string(R"({"name":")") + "\xff\xfe" + R"("})",
      std::string(R"({"name":"a)") + std::string(1, '\0') + R"("})",
      // C-7 (issue 22): a name over 255 characters, counted as code points.
      R"({"name":")" + std::string(256, 'n') + R"("})",
      R"({"name":")" + std::string(1'000'000, 'n') + R"("})",
      [] {
        std::string name;
        for (int i = 0; i < 256; ++i) name += "\xc3\xa9";
        return R"({"name":")" + name + R"("})";
      }(),
      // Deep values are left out like unknown keys (M-17); the bad size still fails the request.
      R"({"max_pool_size":0,"x":)" + std::string(50'000, '[') + std::string(50'000, ']') + "}",
      R"({"seconds":1e999,)",
  };
  for (const std::string& body : bodies) {
    out.push_back({"POST", kCamp1 + ".json", body, with_token(kDemoToken)});
    // A PUT of a new id creates under the URL's id whatever the body's says (M-4): only bodies
    // with another bad field can fail there.
    if (body.find(R"("id_from_network")") == std::string::npos) out.push_back({"PUT", item, body, with_token(kDemoToken)});
    // An update of an existing pool that fails leaves it as it was.
    if (!body.empty() && body.front() == '{' && body.find(R"("id_from_network")") == std::string::npos)
      out.push_back({"PUT", kCamp1 + "/managed.json", body, with_token(kDemoToken)});
  }
  (void)pool;
  // Tokens, networks, methods, paths and queries.
  for (const std::string& token : std::vector<std::string>{std::string(), std::string("wrong"), std::string("other-token"), std::string("Bearer "),
                                   std::string("demo-token\xff")}) {
    out.push_back({"GET", kCamp1 + ".json", "", token.empty() ? api::Headers{} : with_token(token)});
    out.push_back({"DELETE", kCamp1 + "/managed.json", "", token.empty() ? api::Headers{} : with_token(token)});
    out.push_back({"POST", kCamp1 + ".json", R"({"id_from_network":"x"})", token.empty() ? api::Headers{} : with_token(token)});
  }
  for (const std::string& network : std::vector<std::string>{"01", "x", "-1", "99999999999999999999", "%3", "", "1.0", "\xff"}) {
    const std::string base = "/api/2022-08-01/" + network + "/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools";
    out.push_back({"GET", base + ".json", "", with_token(kDemoToken)});
    out.push_back({"POST", base + ".json", R"({"id_from_network":"n"})", with_token(kDemoToken)});
  }
  for (const std::string& path :
       {campaign_base(1, "nobody", "camp-1") + ".json", campaign_base(1, "adv-1", "nothing") + ".json",
        campaign_base(1, "adv-%ZZ", "camp-1") + ".json", campaign_base(1, "adv-1", "camp-1") + "/%ZZ.json",
        campaign_base(1, "adv-1", "camp-1") + "/\xff\xfe.json", campaign_base(1, "adv-1", "camp-1") + "/missing.json",
        campaign_base(1, "adv-1", "camp-1") + ".xml", campaign_base(1, "adv-1", "camp-1") + "/a/b.json",
        std::string("/api/2022-08-02/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json")}) {
    out.push_back({"GET", path, "", with_token(kDemoToken)});
    out.push_back({"DELETE", path, "", with_token(kDemoToken)});
  }
  // Malformed encodings (A-6's rule applied to management queries): refused before anything runs.
  for (const std::string& query : std::vector<std::string>{"?\xff=1", "?%=1", "?a=%ZZ", "?a=%C3"}) {
    out.push_back({"GET", kCamp1 + ".json" + query, "", with_token(kDemoToken)});
    out.push_back({"DELETE", kCamp1 + "/managed.json" + query, "", with_token(kDemoToken)});
  }
  out.push_back({"DELETE", kCamp1 + "/managed.json?delete_detected_phone_number=maybe", "", with_token(kDemoToken)});
  out.push_back({"DELETE", kCamp1 + "/managed.json?oauth_token=wrong", "", {}});
  for (const std::string& method : std::vector<std::string>{"PATCH", "HEAD", "OPTIONS", "", "G\xffT"}) {
    out.push_back({method, kCamp1 + ".json", "", with_token(kDemoToken)});
    out.push_back({method, kCamp1 + "/managed.json", "", with_token(kDemoToken)});
  }
  out.push_back({"DELETE", kCamp1 + "/managed.json", R"({"delete_detected_phone_number":"perhaps"})", with_token(kDemoToken)});
  out.push_back({"POST", kCamp1 + ".json", std::string(1024 * 1024 + 1, ' '), with_token(kDemoToken)});
  return out;
}

std::vector<BadRequest> allocation_requests(const Pool& pool, const Pool& bulk_pool, const Pool& search_pool) {
  std::vector<BadRequest> out;
  const std::string id = std::to_string(pool.id);
  for (const std::string& format : std::vector<std::string>{"xml", "json", "csv"}) {
    const auto legacy = [&](const std::string& version, const std::string& pool_id, const std::string& query) {
      return "/api/" + version + "/ring_pools/" + pool_id + "/allocate_number." + format + query;
    };
    const std::string key = "?ring_pool_key=" + pool.key;
    for (const std::string& query :
         {std::string(""), std::string("?ring_pool_key="), std::string("?ring_pool_key=wrong"), std::string("?ring_pool_key=a%01b"),
          std::string("?ring_pool_key=a%00b"), std::string("?ring_pool_key=%FF"), std::string("?ring_pool_key=%ZZ"),
          std::string("?ring_pool_key=") + pool.key + "x", std::string("?ring_pool_key=\xff"), std::string("?ring_pool_key=a&#1;"),
          std::string("?ring_pool_key=<x>&"), key + "&mobile_click_to_call=maybe",
          key + "&pid=unknown-affiliate", key + "&m1=" + std::string(1025, 'a'), key + "&\xff=1", key + "&m1=%ZZ",
          key + "&m1=%C3%28", key + "&pid=%00"}) {
      out.push_back({"GET", legacy("2015-12-09", id, query), "", {}});
    }
    for (const std::string& pool_id : std::vector<std::string>{"0" + id, "-" + id, "+" + id, id + " ", "abc", "\xff", "99999999999999999999999", "0", "1e1"})
      out.push_back({"GET", legacy("2015-12-09", pool_id, key), "", {}});
    for (const std::string& version : std::vector<std::string>{"2015-13-45", "0000-00-00", "2015-02-29", "15-12-09", "2015-12-9", "2015_12_09", "\xff"})
      out.push_back({"GET", legacy(version, id, key), "", {}});
    out.push_back({"POST", legacy("2015-12-09", id, key), "{}", {}});
    out.push_back({"DELETE", legacy("2015-12-09", id, key), "", {}});
    // A pool the legacy API must refuse (Bulk-only, A-11), and a Search pool without its parameters.
    out.push_back({"GET", legacy("2015-12-09", std::to_string(bulk_pool.id), "?ring_pool_key=" + bulk_pool.key), "", {}});
    out.push_back({"GET", legacy("2015-12-09", std::to_string(search_pool.id), "?ring_pool_key=" + search_pool.key), "", {}});
    out.push_back({"GET", legacy("2015-12-09", std::to_string(search_pool.id),
                                 "?ring_pool_key=" + search_pool.key + "&search_engine=google"),
                   "", {}});
  }
  for (const std::string& format : std::vector<std::string>{"txt", "", "JSON", "xml/", "json%00"})
    out.push_back({"GET", "/api/2015-12-09/ring_pools/" + id + "/allocate_number." + format + "?ring_pool_key=" + pool.key, "", {}});
  return out;
}

std::vector<BadRequest> bulk_requests(const Pool& pool, const Pool& bulk_pool) {
  std::vector<BadRequest> out;
  const std::string bulk_suffix = std::to_string(bulk_pool.id) + "/allocate_number.json?ring_pool_key=";
  const std::vector<std::string> bodies = {
      "",
      "{",
      "[]",
      "null",
      R"({"requests":1})",
      R"({"requests":{}})",
      R"({"requests":[1,"x",null]})",
      R"({"requests":[{"request_id":1}]})",
      R"({"requests":[{"request_id":1,"api_suffix":5}]})",
      R"({"requests":[{"request_id":1,"api_suffix":"nonsense"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":"/allocate_number.json"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":")" + bulk_suffix + R"(wrong&m1=a"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":")" + std::to_string(bulk_pool.id) +
          R"(/allocate_number.xml?ring_pool_key=)" + bulk_pool.key + R"(&m1=a"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":")" + bulk_suffix + bulk_pool.key + R"("}]})",
      R"({"requests":[{"request_id":1,"api_suffix":")" + bulk_suffix + bulk_pool.key + R"(&m1=%ZZ"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":")" + bulk_suffix + bulk_pool.key + R"(&pid=nobody"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":")" + bulk_suffix + bulk_pool.key +
          R"(&mobile_click_to_call=maybe"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":")" + std::to_string(pool.id) +
          "/allocate_number.json?ring_pool_key=" + pool.key + R"(&m1=a"}]})",
      R"({"requests":[{"request_id":)" + std::string(10'000, '[') + std::string(10'000, ']') + "}]}",
      R"({"requests":[{"request_id":"\ud800","api_suffix":"x"}]})",
      std::string(R"({"requests":[{"request_id":")") + "\xff" + R"(","api_suffix":"x"}]})",
      R"({"requests":[{"request_id":1e999,"api_suffix":"x"}]})",
      R"({"requests":[{"request_id":1,"api_suffix":"0)" + bulk_suffix + bulk_pool.key + R"(&m1=a"}]})",
      R"({"requests":[],"x":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}",
  };
  for (const std::string& body : bodies) {
    out.push_back({"POST", kBulkPath, body, {}});
    out.push_back({"POST", kBulkPath, body, with_token(kDemoToken)});
  }
  out.push_back({"GET", kBulkPath, "", {}});
  out.push_back({"PUT", kBulkPath, "{}", {}});
  out.push_back({"POST", kBulkPath + "?\xff=1", "{}", {}});
  return out;
}

std::vector<BadRequest> control_requests() {
  std::vector<BadRequest> out;
  const api::Headers control = with_control_token(kControlToken);
  for (const std::string& body :
       {std::string("{"), std::string("[]"), std::string("5"), std::string(R"({"seconds":-1})"), std::string(R"({"seconds":"10"})"),
        std::string(R"({"seconds":1e999})"), std::string(R"({"seconds":1e12})"), std::string(R"({"seconds":null})"),
        std::string(R"({"seconds":-0.001})"), std::string(R"({})"), std::string(R"({"second":1})"),
        R"({"seconds":1,"x":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}",
        std::string("{\"seconds\":\"\xff\"}")}) {
    out.push_back({"POST", "/_control/clock/advance", body, control});
  }
  for (const std::string& body :
       {std::string(R"({"seed":-1})"), std::string(R"({"seed":"x"})"), std::string(R"({"seed":1.5})"), std::string(R"({"world":5})"),
        std::string(R"({"world":"[[[ not toml"})"), std::string(R"({"world":"[policy]\nbogus = 1"})"),
        std::string(R"({"world":"default","seed":1e999})"), std::string("[]")}) {
    out.push_back({"POST", "/_control/reset", body, control});
  }
  for (const std::string& body :
       {std::string(R"({"network":1})"), std::string(R"({"network":1,"enabled":"yes"})"), std::string(R"({"enabled":true})"),
        std::string(R"({"network":"1","enabled":true})"), std::string(R"({"network":99,"enabled":true})"),
        std::string(R"({"network":1,"advertiser":"nobody","enabled":true})"),
        std::string(R"({"network":1,"affiliate":"nobody","enabled":true})"),
        std::string(R"({"network":1,"advertiser":[[[1]]],"enabled":true})"),
        R"({"network":1,"enabled":false,"x":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}"}) {
    out.push_back({"POST", "/_control/bulk", body, control});
  }
  for (const std::string& id : std::vector<std::string>{"03", "x", "\xff", "-1", "99999999999999999999", "", "1/2", "%31"})
    out.push_back({"GET", "/_control/ring_pools/" + id, "", control});
  for (const std::string& path : std::vector<std::string>{"/_control/", "/_control/\xff", "/_control/clock/advance/x", "/_control/nothing"})
    out.push_back({"GET", path, "", control});
  // Wrong or missing tokens on every endpoint: nothing may happen.
  for (const std::string& token : std::vector<std::string>{std::string(), std::string("wrong"), std::string("t "), std::string("\xff")}) {
    const api::Headers headers = token.empty() ? api::Headers{} : with_control_token(token);
    out.push_back({"POST", "/_control/clock/advance", R"({"seconds":60})", headers});
    out.push_back({"POST", "/_control/reset", R"({"seed":9})", headers});
    out.push_back({"POST", "/_control/bulk", R"({"network":1,"enabled":true})", headers});
    out.push_back({"GET", "/_control/ring_pools/1", "", headers});
  }
  out.push_back({"DELETE", "/_control/clock", "", control});
  out.push_back({"GET", "/_control/clock/advance", "", control});
  out.push_back({"GET", "/nowhere/\xff", "", {}});
  out.push_back({"GET", "/", "", {}});
  out.push_back({"GET", "", "", {}});
  out.push_back({"GET", "?", "", {}});
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(bad_input_battery)

BOOST_AUTO_TEST_CASE(hundreds_of_bad_requests_answer_4xx_in_their_format_and_change_nothing) {
  AllocationFixture f;
  Pool managed = f.create_pool({{"id_from_network", "managed"},
                                {"max_pool_size", 4},
                                {"fill_immediately", true},
                                {"destination_phone_number", "888-111-2222"}});
  f.allocate_ok(managed, "m1=lease");  // a live lease that a bad request must not disturb
  const Pool bulk_pool = f.read_pool(kCampBulk, "bulk-demo");
  const Pool search_pool = f.read_pool(kCamp2, "search-demo");
  const std::int64_t last_pool_id = managed.id;
  const std::string before = world_view(f, last_pool_id);

  std::vector<BadRequest> requests = management_requests(managed);
  for (auto&& group : {allocation_requests(managed, bulk_pool, search_pool), bulk_requests(managed, bulk_pool), control_requests()})
    requests.insert(requests.end(), group.begin(), group.end());
  BOOST_TEST(requests.size() >= 300u, requests.size());
  BOOST_TEST_MESSAGE("bad-input battery: " << requests.size() << " requests");

  std::size_t bulk_rows_failed = 0;
  for (const BadRequest& request : requests) {
    const api::Response response = f.call(request.method, request.target, request.body, request.headers);
    const std::string what = request.method + " " + json(request.target).dump(-1, ' ', false, json::error_handler_t::replace) +
                             " body " + json(request.body.substr(0, 80)).dump(-1, ' ', false, json::error_handler_t::replace);
    BOOST_TEST(response.status < 500, what << ": " << response);
    BOOST_TEST(body_problem(response).empty(), what << ": " << body_problem(response) << " in " << response.body.substr(0, 300));
    // A Bulk request may be a 200 whose rows all failed; none of them may have succeeded.
    if (response.status < 300) {
      const json body = json::parse(response.body, nullptr, false);
      const bool bulk = request.target.starts_with(kBulkPath);
      BOOST_TEST(bulk, what << ": succeeded: " << response.body.substr(0, 300));
      if (bulk && body.is_object())
      for (const json& row : body.value("responses", json::array())) {
        BOOST_TEST(row.contains("error_class"), what << ": a row succeeded: " << row.dump());
        ++bulk_rows_failed;
      }
    }
  }
  BOOST_TEST(bulk_rows_failed > 0u);
  const std::string after = world_view(f, last_pool_id);
  BOOST_TEST(after == before);
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
