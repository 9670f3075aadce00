// Erlang-B with the real holding time: a lease held lifetime + lease_grace_seconds (P-1), then
// quarantined for reuse_quarantine_seconds, keeps its number from the next visitor for all of
// it. With Poisson visits and a pool filled at creation that is an M/D/c/c loss system with that
// holding time, so the report's Erlang-B must be Erlang-B(c, rate x (L + g + q)), the simulation
// must match it, and the page must print it (issue 23: "overflow 21.56 %, Erlang-B 1.87 %" was the
// textbook without the grace).
#include "tests/simulate/simulate_fixture.hpp"

#include "reports/simulation_html.hpp"
#include "reports/simulation_text.hpp"
#include "sim/plan/statistics.hpp"

#include <fmt/format.h>

#include <cmath>

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;

namespace {

struct Case {
  std::int64_t servers;
  double visits_per_second;
  std::int64_t lifetime_seconds, grace_seconds, quarantine_seconds;
};

// Two plans: a grace that turns a comfortable pool into a busy one, and grace plus quarantine.
constexpr Case kCases[] = {{20, 0.1, 120, 60, 0}, {30, 0.1, 180, 60, 60}};

std::string plan_text(const Case& c) {
  return fmt::format(R"(
seed = 4
replications = 20
[horizon]
hours = 30
warm_up_hours = 2
[pool]
max_pool_size = {}
lifetime_seconds = {}
fill_immediately = true
[policy]
lease_grace_seconds = {}
reuse_quarantine_seconds = {}
[traffic]
visits_per_second = {}
[targets]
overflow_rate_max = 0.05
)",
                     c.servers + 1, c.lifetime_seconds, c.grace_seconds, c.quarantine_seconds, c.visits_per_second);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(erlang_b_uses_lifetime_plus_grace_plus_quarantine) {
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT(plan_text(c)) {
      const StudyResult result = run_whole(parse_ok(plan_text(c)), 2);
      const PointDescription& point = result.description.points.at(0);
      const auto holding = static_cast<double>(c.lifetime_seconds + c.grace_seconds + c.quarantine_seconds);
      BOOST_TEST(point.holding_seconds == c.lifetime_seconds + c.grace_seconds + c.quarantine_seconds);
      const double expected = erlang_b(c.servers, c.visits_per_second * holding);
      BOOST_TEST(point.erlang_b_overflow == expected, boost::test_tools::tolerance(1e-12));
      // Without the grace and quarantine the textbook would be far off: the check can fail.
      BOOST_TEST(erlang_b(c.servers, c.visits_per_second * static_cast<double>(c.lifetime_seconds)) < 0.5 * expected);
      const Summary& overflow = result.points[0].metrics[metric_index("overflow_rate")];
      BOOST_TEST(std::abs(overflow.mean - expected) <= 3 * *overflow.stderr_value,
                 "simulated " << overflow.mean << " +- " << *overflow.stderr_value << " vs Erlang-B " << expected);
      // Leases last lifetime + grace: Little's law counts them so.
      const double carried = c.visits_per_second * static_cast<double>(c.lifetime_seconds + c.grace_seconds) * (1 - expected);
      const Summary& leased = result.points[0].metrics[metric_index("leased_mean")];
      BOOST_TEST(std::abs(leased.mean - carried) <= 3 * *leased.stderr_value + 0.01 * carried);
      // The page prints that Erlang-B, and no caveat blames autoscaling for a pool that never grew.
      const std::string html = ringpool::reports::render_simulation_html(result);
      BOOST_TEST(html.find(ringpool::reports::simulation_text::percent(expected)) != std::string::npos);
      BOOST_TEST(html.find(fmt::format("holding time {} s = lifetime {} s + lease grace {} s", holding, c.lifetime_seconds,
                                       c.grace_seconds)) != std::string::npos);
      BOOST_TEST(html.find("autoscaling") == std::string::npos);
      BOOST_TEST(html.find("Erlang-B applies here") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
