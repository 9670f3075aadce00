// What every black-box fixture of the reference Service shares (management_fixture.hpp,
// allocation_fixture.hpp): the Service on a seeded world, the one way requests are sent to it,
// worlds loaded from inline TOML, the default world's campaign paths and tokens, and how
// BOOST_TEST prints answers and JSON values.
//
// BOOST_TEST(a == b) on two nlohmann values compares them as values and prints both: the
// specialisations below stop Boost.Test from treating them as containers (element-wise).
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/api/service.hpp"
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace ringpool::test::detail {
struct NotForwardIterable {
  using type = boost::mpl::false_;
  enum { value = false };
};
}  // namespace ringpool::test::detail

namespace boost::unit_test {
template <>
struct is_forward_iterable<nlohmann::json> : ringpool::test::detail::NotForwardIterable {};
template <>
struct is_forward_iterable<const nlohmann::json> : ringpool::test::detail::NotForwardIterable {};
template <>
struct is_forward_iterable<nlohmann::ordered_json> : ringpool::test::detail::NotForwardIterable {};
template <>
struct is_forward_iterable<const nlohmann::ordered_json>
    : ringpool::test::detail::NotForwardIterable {};
}  // namespace boost::unit_test

namespace ringpool::test {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

inline constexpr std::uint64_t kSeed = 7;
inline constexpr std::string_view kDemoToken = "demo-token";    // network 1
inline constexpr std::string_view kOtherToken = "other-token";  // network 2
inline constexpr std::string_view kTagToken = "tag-token";      // network 3
inline constexpr std::string_view kControlToken = "t";          // X-Control-Token (T-4)

// "/api/2022-08-01/<network>/advertisers/<adv>/advertiser_campaigns/<camp>/ring_pools"
inline std::string campaign_base(std::int64_t network, std::string_view advertiser,
                                 std::string_view campaign) {
  std::string base = "/api/2022-08-01/" + std::to_string(network) + "/advertisers/";
  base += advertiser;
  base += "/advertiser_campaigns/";
  base += campaign;
  base += "/ring_pools";
  return base;
}

// Options that serve the control API with kControlToken.
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

// The parsed body, or null when it is not JSON.
inline json parse_or_null(const std::string& body) {
  json value = json::parse(body, nullptr, false);
  return value.is_discarded() ? json(nullptr) : value;
}

// How a failed check shows an answer: "HTTP <status> [<content type>] <body>".
inline std::ostream& print_answer(std::ostream& out, int status, std::string_view content_type,
                                  std::string_view body) {
  return out << "HTTP " << status << " [" << content_type << "] " << body;
}

struct ServiceFixture {
  api::Service service;

  // The default world (seed kSeed), without the control API.
  ServiceFixture() : service(world_file::load_default_world(kSeed)) {}
  explicit ServiceFixture(domain::World world, api::ServiceOptions options = {})
      : service(std::move(world), std::move(options)) {}

  // Sends any request; a non-empty body goes as application/json unless `headers` name a
  // Content-Type.
  api::Response call(std::string method, std::string target, std::string body = {},
                     api::Headers headers = {}) {
    if (!body.empty() && headers.find("Content-Type") == headers.end())
      headers.emplace("Content-Type", "application/json");
    return service.handle(api::make_request(std::move(method), std::move(target), std::move(body),
                                            std::move(headers)));
  }

  // `headers` plus `Authorization: <token>` (M-6).
  static api::Headers authorized(std::string_view token, api::Headers headers = {}) {
    headers.emplace("Authorization", std::string(token));
    return headers;
  }
};

}  // namespace ringpool::test

namespace ringpool::api {
inline std::ostream& operator<<(std::ostream& out, const Response& r) {
  return test::print_answer(out, r.status, r.content_type, r.body);
}
}  // namespace ringpool::api
