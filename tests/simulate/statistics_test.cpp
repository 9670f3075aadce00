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

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(statistics_intervals_are_clipped_to_what_the_quantity_can_be) {
  // The "0.0031 % (−0.0016 % – 0.0077 %)": a rate's Student t interval ends at 0.
  const Summary rate = summarize_rate({0.0, 0.0, 0.0001, 0.0}, 1, 40000);
  BOOST_TEST((rate.method == IntervalMethod::StudentT));
  BOOST_TEST(*rate.ci95_low == 0.0);
  BOOST_TEST(summarize({0.0, 0.0, 0.0001, 0.0}).ci95_low.value() < 0.0);  // what clipping prevents
  BOOST_TEST(*summarize_rate({0.9999, 1.0, 1.0, 0.99}, 9, 10).ci95_high <= 1.0);
  BOOST_TEST(*summarize_amount({0.0, 0.1, 0.0, 0.0}).ci95_low == 0.0);
  BOOST_TEST(method_name(IntervalMethod::StudentT) == "student-t");
}

BOOST_AUTO_TEST_CASE(statistics_a_rate_without_spread_gets_wilson_on_the_pooled_counts) {
  // Ten replications that all saw no overflow in 1,000 visits each: Student t would claim [0, 0].
  const Summary none = summarize_rate(std::vector<double>(10, 0.0), 0, 10'000);
  BOOST_TEST((none.method == IntervalMethod::Wilson));
  BOOST_TEST(*none.ci95_low == 0.0);
  BOOST_TEST(*none.ci95_high == 3.8415 / (10'000 + 3.8415), tt::tolerance(1e-3));
  // One replication: Wilson too (no spread to estimate), on its counts.
  const Summary single = summarize_rate({0.25}, 25, 100);
  BOOST_TEST((single.method == IntervalMethod::Wilson));
  BOOST_TEST(*single.ci95_low == 0.1754, tt::tolerance(1e-3));
  BOOST_TEST(*single.ci95_high == 0.3430, tt::tolerance(1e-3));
  // Nothing to count: no interval at all.
  BOOST_TEST((summarize_rate({0.0}, 0, 0).method == IntervalMethod::None));
}

BOOST_AUTO_TEST_SUITE_END()
