// Issue 9's attribution rule, on replayed visits with a fixed call delay so every outcome is
// known: a call goes to the visitor whose lease on the number was opened most recently before the
// call; a call to the overflow number, or later than attribution_window_seconds after that lease
// ended, is unattributed; an attributed call is misattributed when that visitor is not the caller.
#include "tests/simulate/simulate_fixture.hpp"

#include <fmt/format.h>

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;

namespace {

// One trackable number (max_pool_size 2 = overflow + 1; 1 without overflow), leases of 60 s, every visitor calls
// `delay` seconds after the visit. Visits are seconds since the start.
RunMetrics run_visits(const std::string& visits, double delay_seconds, double window_seconds, bool overflow = true) {
  const std::string text = fmt::format(R"(
replications = 1
[horizon]
seconds = 1000
warm_up_seconds = 0
[pool]
max_pool_size = {}
lifetime_seconds = 60
fill_immediately = true
allow_overflow = {}
[traffic]
replay_file = "visits.csv"
[calls]
call_share = 1.0
delay = "empirical"
delays_file = "delays.csv"
attribution_window_seconds = {}
)",
                                       overflow ? 2 : 1, overflow, window_seconds);
  const Files files = {{"visits.csv", "seconds\n" + visits}, {"delays.csv", fmt::format("{}\n", delay_seconds)}};
  const Plan plan = parse_ok(text, files);
  return run_whole(plan).runs.at(0).metrics;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(attribution_own_lease_within_the_window_is_correct) {
  // A at 0 holds the number until 60 and calls at 30 (during the lease); B at 100 calls at 130.
  const RunMetrics metrics = run_visits("0\n100\n", 30, 0);
  BOOST_TEST(metrics.calls == 2);
  BOOST_TEST(metrics.calls_attributed == 2);
  BOOST_TEST(metrics.calls_misattributed == 0);
}

BOOST_AUTO_TEST_CASE(attribution_overflow_calls_are_unattributed) {
  // A at 0 leases the only number; B at 10 gets the overflow number; both call 20 s later.
  const RunMetrics metrics = run_visits("0\n10\n", 20, 0);
  BOOST_TEST(metrics.overflow_answers == 1);
  BOOST_TEST(metrics.calls_attributed == 1);
  BOOST_TEST(metrics.calls_unattributed_overflow == 1);
}

BOOST_AUTO_TEST_CASE(attribution_a_later_lease_on_the_number_takes_the_call) {
  // A at 0 (lease until 60) calls at 90; B leased the same number at 70: the call is B's.
  const RunMetrics metrics = run_visits("0\n70\n", 90, 1000);
  BOOST_TEST(metrics.calls == 2);
  BOOST_TEST(metrics.calls_misattributed == 1);  // A's call, attributed to B
  BOOST_TEST(metrics.calls_attributed == 1);     // B's call at 160: still B's lease, within the window
}

BOOST_AUTO_TEST_CASE(attribution_after_the_window_nobody_gets_the_call) {
  // A's lease ends at 60; the call at 90 is 30 s later: beyond a 20 s window, within a 30 s one.
  BOOST_TEST(run_visits("0\n", 90, 20).calls_unattributed_window == 1);
  BOOST_TEST(run_visits("0\n", 90, 30).calls_attributed == 1);
}

BOOST_AUTO_TEST_CASE(attribution_without_overflow_a_visitor_may_get_no_number) {
  const RunMetrics metrics = run_visits("0\n10\n", 20, 0, false);
  BOOST_TEST(metrics.no_number_answers == 1);
  BOOST_TEST(metrics.calls_unattributed_no_number == 1);
  BOOST_TEST(metrics.calls_attributed == 1);
}

BOOST_AUTO_TEST_SUITE_END()
