// sim/plan/statistics: the Student-t interval and Erlang-B by the stable recurrence.
#include "sim/plan/statistics.hpp"

#include <boost/test/unit_test.hpp>

using namespace ringpool::sim::plan;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(statistics_mean_stderr_and_student_t_interval) {
  const Summary summary = summarize({1, 2, 3, 4});
  BOOST_TEST(summary.count == 4);
  BOOST_TEST(summary.mean == 2.5);
  BOOST_TEST(*summary.stderr_value == 0.6454972243679028, tt::tolerance(1e-12));
  BOOST_TEST(student_t_975(3) == 3.182446305284263, tt::tolerance(1e-9));
  BOOST_TEST(*summary.ci95_low == 2.5 - 3.182446305284263 * 0.6454972243679028, tt::tolerance(1e-12));
  BOOST_TEST(*summary.ci95_high == 2.5 + 3.182446305284263 * 0.6454972243679028, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(statistics_one_replication_has_no_interval) {
  const Summary summary = summarize({7});
  BOOST_TEST(summary.mean == 7);
  BOOST_TEST(!summary.stderr_value.has_value());
  BOOST_TEST(summary.upper() == 7);
}

BOOST_AUTO_TEST_CASE(statistics_erlang_b_known_values) {
  BOOST_TEST(erlang_b(1, 1.0) == 0.5, tt::tolerance(1e-15));
  BOOST_TEST(erlang_b(2, 1.0) == 0.2, tt::tolerance(1e-15));
  BOOST_TEST(erlang_b(1, 0.1) == 0.1 / 1.1, tt::tolerance(1e-15));
  BOOST_TEST(erlang_b(10, 5.0) == 0.018384570336, tt::tolerance(1e-9));
  BOOST_TEST(erlang_b(0, 3.0) == 1.0);
  BOOST_TEST(erlang_b(5, 0.0) == 0.0);
  // The recurrence stays finite where A^c / c! overflows a double.
  const double large = erlang_b(1000, 950.0);
  BOOST_TEST(large > 0.0);
  BOOST_TEST(large < 0.05);
  BOOST_TEST(erlang_b(5000, 5000.0) > 0.0);
}

BOOST_AUTO_TEST_CASE(statistics_erlang_b_servers_is_the_smallest_meeting_the_target) {
  const std::int64_t servers = erlang_b_servers(5.0, 0.01);
  BOOST_TEST(servers == 11);
  BOOST_TEST(erlang_b(servers, 5.0) <= 0.01);
  BOOST_TEST(erlang_b(servers - 1, 5.0) > 0.01);
}

BOOST_AUTO_TEST_SUITE_END()
