// Tests for sim/core/virtual_clock.hpp: where the clock starts (T-1) and that it only moves
// forward, and only when told to.
#include <boost/test/unit_test.hpp>

#include "sim/core/time.hpp"
#include "sim/core/virtual_clock.hpp"

namespace ringpool::sim {
namespace {

BOOST_AUTO_TEST_SUITE(sim)
BOOST_AUTO_TEST_SUITE(virtual_clock)

BOOST_AUTO_TEST_CASE(T_1_clock_starts_at_2026_01_01_by_default) {
  const VirtualClock clock;
  BOOST_TEST(clock.now() == kDefaultEpoch);
  BOOST_TEST(format_iso8601(clock.now()) == "2026-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(clock_starts_at_the_given_instant) {
  const Instant start = *parse_iso8601("2030-06-15T12:34:56.789Z");
  const VirtualClock clock(start);
  BOOST_TEST(clock.now() == start);
}

BOOST_AUTO_TEST_CASE(T_1_clock_resolution_is_one_millisecond) {
  VirtualClock clock;
  clock.advance_to(kDefaultEpoch + 1);
  BOOST_TEST(clock.now() == kDefaultEpoch + 1);
  BOOST_TEST(format_iso8601(clock.now()) == "2026-01-01T00:00:00.001Z");
}

BOOST_AUTO_TEST_CASE(advance_to_moves_forward_and_to_now_is_a_no_op) {
  VirtualClock clock(1000);
  clock.advance_to(5000);
  BOOST_TEST(clock.now() == 5000);
  clock.advance_to(5000);
  BOOST_TEST(clock.now() == 5000);
}

BOOST_AUTO_TEST_CASE(clock_is_usable_in_constant_expressions) {
  constexpr Instant later = [] {
    VirtualClock clock(10);
    clock.advance_to(25);
    return clock.now();
  }();
  static_assert(later == 25);
  BOOST_TEST(later == 25);
}

#ifdef NDEBUG
// Going backwards is a caller bug; debug builds assert, release builds leave the clock alone.
BOOST_AUTO_TEST_CASE(advance_to_the_past_is_ignored_in_release_builds) {
  VirtualClock clock(5000);
  clock.advance_to(4999);
  BOOST_TEST(clock.now() == 5000);
}
#endif

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ringpool::sim
