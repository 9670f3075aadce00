// Black-box fixture for the allocation APIs (spec §3-§6: A-*, B-*, P-*, L-*, T-*): a reference
// Service with the control API enabled (token "t"), helpers for the management, legacy, bulk and
// control endpoints, and inspection of a pool through GET /_control/ring_pools/<id>.
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/api/service.hpp"
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#ifndef RINGPOOL_JSON_NOT_ITERABLE_FOR_BOOST_TEST
#define RINGPOOL_JSON_NOT_ITERABLE_FOR_BOOST_TEST
namespace boost::unit_test {
template <>
struct is_forward_iterable<nlohmann::json> {
  using type = mpl::false_;
  enum { value = false };
};
template <>
struct is_forward_iterable<const nlohmann::json> {
  using type = mpl::false_;
  enum { value = false };
};
template <>
struct is_forward_iterable<nlohmann::ordered_json> {
  using type = mpl::false_;
  enum { value = false };
};
template <>
struct is_forward_iterable<const nlohmann::ordered_json> {
  using type = mpl::false_;
  enum { value = false };
};
}  // namespace boost::unit_test
#endif

namespace ringpool::api {
inline std::ostream& operator<<(std::ostream& out, const Response& r) {
  return out << "HTTP " << r.status << " [" << r.content_type << "] " << r.body;
}
}  // namespace ringpool::api

namespace ringpool::test::allocation {

using json = nlohmann::json;

inline constexpr std::uint64_t kSeed = 7;
inline constexpr std::string_view kControlToken = "t";
inline const std::string kCamp1 =
    "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools";
inline const std::string kCamp2 =
    "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-2/ring_pools";
inline const std::string kCampBulk =
    "/api/2022-08-01/1/advertisers/adv-bulk/advertiser_campaigns/camp-bulk/ring_pools";
inline const std::string kBulkPath = "/api/2013-07-01/bulk.json";

inline api::ServiceOptions control_options() {
  api::ServiceOptions options;
  options.control_enabled = true;
  options.control_token = std::string(kControlToken);
  return options;
}

// Loads an inline world; throws (failing the test) when it does not load.
inline domain::World inline_world(std::string_view toml, std::uint64_t seed = kSeed) {
  auto world = world_file::load_world(toml, "test", seed);
  if (!world) throw std::runtime_error("test world: " + world.error().describe());
  return std::move(*world);
}

// The default world with `tables` (e.g. a [policy] table) appended after it (before, they would
// capture the default world's top-level keys).
inline domain::World default_world_with(std::string_view tables, std::uint64_t seed = kSeed) {
  std::string text(world_file::default_world_toml());
  text += "\n";
  text += tables;
  return inline_world(text, seed);
}

struct Pool {
  std::int64_t id = 0;
  std::string key;
};

inline json parse_or_null(const std::string& body) {
  json value = json::parse(body, nullptr, false);
  return value.is_discarded() ? json(nullptr) : value;
}

struct AllocationFixture {
  api::Service service;

  AllocationFixture() : service(world_file::load_default_world(kSeed), control_options()) {}
  explicit AllocationFixture(domain::World world) : service(std::move(world), control_options()) {}

  api::Response call(std::string method, std::string target, std::string body = {},
                     api::Headers headers = {}) {
    if (!body.empty() && headers.find("Content-Type") == headers.end())
      headers.emplace("Content-Type", "application/json");
    return service.handle(
        api::make_request(std::move(method), std::move(target), std::move(body), std::move(headers)));
  }
  api::Response mgmt(std::string method, std::string target, std::string body = {}) {
    api::Headers headers;
    headers.emplace("Authorization", "demo-token");
    return call(std::move(method), std::move(target), std::move(body), std::move(headers));
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
    json value = json::parse(r.body);
    return Pool{value.at("id").get<std::int64_t>(), value.at("api_key").get<std::string>()};
  }

  // The key of a pool read through the management API.
  Pool read_pool(const std::string& base, std::string_view id_from_network) {
    api::Response r = mgmt("GET", base + "/" + std::string(id_from_network) + ".json");
    BOOST_REQUIRE_MESSAGE(r.status == 200, "read pool: " << r);
    json value = json::parse(r.body);
    return Pool{value.at("id").get<std::int64_t>(), value.at("api_key").get<std::string>()};
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
