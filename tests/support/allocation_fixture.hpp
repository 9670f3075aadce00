// Black-box fixture for the allocation APIs (spec §3-§6: A-*, B-*, P-*, L-*, T-*): a reference
// Service (service_fixture.hpp) with the control API enabled (token "t"), helpers for the
// management, legacy, bulk and control endpoints, and inspection of a pool through
// GET /_control/ring_pools/<id>.
#pragma once

#include "tests/support/service_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace ringpool::test::allocation {

// The shared names (json, kSeed, inline_world, ...) reach `using namespace ...::allocation` too.
using namespace ringpool::test;

inline const std::string kCamp1 = campaign_base(1, "adv-1", "camp-1");
inline const std::string kCamp2 = campaign_base(1, "adv-1", "camp-2");
inline const std::string kCampBulk = campaign_base(1, "adv-bulk", "camp-bulk");
inline const std::string kBulkPath = "/api/2013-07-01/bulk.json";

struct Pool {
  std::int64_t id = 0;
  std::string key;
};

// The id and api_key of a pool's representation (M-18).
// A small world text: network 1 with `count` toll-free numbers from 800-555-0000, advertiser adv-1
// with campaigns camp-1 and camp-2, affiliate 5567, and the [policy] lines given.
inline std::string toll_free_world(int count, std::string_view policy = {}) {
  std::string text;
  if (!policy.empty()) text += "[policy]\n" + std::string(policy) + "\n";
  text += R"(
[[network]]
id = 1
host = "network1.ringpool.test"
tokens = ["demo-token"]
data_dictionary = ["m1", "m2"]
inventory = [ { kind = "toll_free", first = "800-555-0000", count = )" +
          std::to_string(count) + R"( } ]

[[network.advertiser]]
id_from_network = "adv-1"
campaigns = ["camp-1", "camp-2"]

[[network.affiliate]]
id_from_network = "5567"
)";
  return text;
}

inline Pool pool_of(const api::Response& r) {
  json value = json::parse(r.body);
  return Pool{value.at("id").get<std::int64_t>(), value.at("api_key").get<std::string>()};
}

// The default world (or `world`) with the control API served.
struct AllocationFixture : ServiceFixture {
  AllocationFixture() : AllocationFixture(world_file::load_default_world(kSeed)) {}
  explicit AllocationFixture(domain::World world)
      : ServiceFixture(std::move(world), control_options()) {}
  // `options` must serve the control API with kControlToken (control_options() plus changes).
  AllocationFixture(domain::World world, api::ServiceOptions options)
      : ServiceFixture(std::move(world), std::move(options)) {}

  // call(method, target, body, headers) is ServiceFixture's.
  api::Response mgmt(std::string method, std::string target, std::string body = {}) {
    return call(std::move(method), std::move(target), std::move(body), authorized(kDemoToken));
  }
  api::Response control(std::string method, std::string path, std::string body = {}) {
    api::Headers headers;
    headers.emplace("X-Control-Token", std::string(kControlToken));
    return call(std::move(method), std::move(path), std::move(body), std::move(headers));
  }

  // POST <campaign base>.json; requires 200/201.
  Pool create_pool(const json& body, const std::string& base = kCamp1) {
    api::Response r = mgmt("POST", base + ".json", body.dump());
    BOOST_REQUIRE_MESSAGE(r.status == 201 || r.status == 200, "create pool: " << r);
    return pool_of(r);
  }

  // The key of a pool read through the management API.
  Pool read_pool(const std::string& base, std::string_view id_from_network) {
    api::Response r = mgmt("GET", base + "/" + std::string(id_from_network) + ".json");
    BOOST_REQUIRE_MESSAGE(r.status == 200, "read pool: " << r);
    return pool_of(r);
  }

  static std::string allocate_target(std::int64_t id, std::string_view key, std::string_view format,
                                     std::string_view extra_query) {
    std::string target = "/api/2015-12-09/ring_pools/" + std::to_string(id) + "/allocate_number.";
    target += format;
    target += "?ring_pool_key=";
    target += key;
    if (!extra_query.empty()) {
      target += "&";
      target += extra_query;
    }
    return target;
  }

  api::Response allocate(std::int64_t id, std::string_view key, std::string_view format = "json",
                         std::string_view extra_query = {}) {
    return call("GET", allocate_target(id, key, format, extra_query));
  }
  api::Response allocate(const Pool& pool, std::string_view format = "json",
                         std::string_view extra_query = {}) {
    return allocate(pool.id, pool.key, format, extra_query);
  }
  // A json allocation that must succeed; returns the parsed body.
  json allocate_ok(const Pool& pool, std::string_view extra_query = {}) {
    api::Response r = allocate(pool, "json", extra_query);
    BOOST_REQUIRE_MESSAGE(r.status == 200, "allocate: " << r);
    return json::parse(r.body);
  }

  void advance(double seconds) {
    api::Response r = control("POST", "/_control/clock/advance", json{{"seconds", seconds}}.dump());
    BOOST_REQUIRE_MESSAGE(r.status == 200, "advance: " << r);
  }

  json inspect(std::int64_t id) {
    api::Response r = control("GET", "/_control/ring_pools/" + std::to_string(id));
    BOOST_REQUIRE_MESSAGE(r.status == 200, "inspect: " << r);
    return json::parse(r.body);
  }

  api::Response bulk(const json& body) { return call("POST", kBulkPath, body.dump()); }
  api::Response bulk_raw(std::string body) { return call("POST", kBulkPath, std::move(body)); }

  // The held numbers of a pool with the given status ("leased", "idle", ...), by number.
  std::set<std::string> numbers_with_status(std::int64_t id, std::string_view status) {
    std::set<std::string> out;
    const json pool = inspect(id);  // named: a range-for does not extend a temporary's life here
    for (const json& n : pool.at("numbers"))
      if (n.at("status") == std::string(status)) out.insert(n.at("number").get<std::string>());
    return out;
  }
};

}  // namespace ringpool::test::allocation
