// T-4: a server may serve any subset of the control endpoints (`ringpool serve
// --control-endpoints`); the others answer 404 as if the control API did not have them.
#include "tests/support/allocation_fixture.hpp"

#include "reference/api/control_api.hpp"

#include <boost/test/unit_test.hpp>

using namespace ringpool;
using namespace ringpool::test::allocation;

namespace {

api::ServiceOptions clock_only() {
  api::ServiceOptions options = control_options();
  options.control_endpoints = api::ControlEndpointSet::none();
  options.control_endpoints.insert(api::ControlEndpoint::Clock);
  options.control_endpoints.insert(api::ControlEndpoint::ClockAdvance);
  return options;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(control_endpoints)

BOOST_AUTO_TEST_CASE(T_4_endpoint_names_round_trip) {
  for (api::ControlEndpoint endpoint : api::kControlEndpoints)
    BOOST_TEST((api::parse_control_endpoint(api::control_endpoint_name(endpoint)) == endpoint));
  BOOST_TEST(!api::parse_control_endpoint("clocks"));
  BOOST_TEST((api::parse_control_endpoint("clock-advance") == api::ControlEndpoint::ClockAdvance));
  BOOST_TEST((api::parse_control_endpoint("inspect") == api::ControlEndpoint::RingPools));
  BOOST_TEST((api::control_endpoint_of("/_control/ring_pools/7") == api::ControlEndpoint::RingPools));
  BOOST_TEST((api::control_endpoint_of("/_control/clock/advance") == api::ControlEndpoint::ClockAdvance));
  BOOST_TEST(!api::control_endpoint_of("/_control/other"));
  const api::ControlEndpointSet all;
  for (api::ControlEndpoint endpoint : api::kControlEndpoints) BOOST_TEST(all.contains(endpoint));
}

BOOST_AUTO_TEST_CASE(T_4_only_the_served_endpoints_answer) {
  ServiceFixture clock(world_file::load_default_world(kSeed), clock_only());
  api::Headers token;
  token.emplace("X-Control-Token", std::string(kControlToken));
  BOOST_TEST(clock.call("GET", "/_control/clock", {}, token).status == 200);
  BOOST_TEST(clock.call("POST", "/_control/clock/advance", R"({"seconds": 1})", token).status == 200);
  BOOST_TEST(clock.call("POST", "/_control/reset", "{}", token).status == 404);
  BOOST_TEST(clock.call("POST", "/_control/bulk", R"({"network": 1, "enabled": true})", token).status == 404);
  const api::Response inspect = clock.call("GET", "/_control/ring_pools/1", {}, token);
  BOOST_TEST(inspect.status == 404);
  BOOST_TEST(inspect.content_type == "text/plain");  // not a pool's RecordNotFound: no such endpoint
  // Without the token a missing endpoint is still missing; a served one still needs the token.
  BOOST_TEST(clock.call("GET", "/_control/ring_pools/1").status == 404);
  BOOST_TEST(clock.call("GET", "/_control/clock").status == 403);
  // The bulk endpoint did not run: the network is not bulk-enabled.
  BOOST_TEST(!clock.service.world().networks.at(1).bulk_enabled);
}

BOOST_AUTO_TEST_SUITE_END()  // control_endpoints
BOOST_AUTO_TEST_SUITE_END()  // allocation
