// Latency histograms: percentiles within a bucket's width of the exact ones, merging shards
// gives exactly the histogram of all samples, and the JSON form reads back identical.
#include "load/latency_histogram.hpp"
#include "sim/core/rng.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

using ringpool::load::LatencyHistogram;
using namespace std::chrono_literals;

namespace {

// Latencies spread over four decades (10 µs .. 100 ms), log-uniform, from a seeded generator.
std::vector<std::chrono::nanoseconds> samples(std::size_t count, std::uint64_t seed) {
  ringpool::sim::Rng rng(seed);
  std::vector<std::chrono::nanoseconds> out;
  for (std::size_t i = 0; i < count; ++i)
    out.emplace_back(static_cast<std::int64_t>(1e4 * std::pow(10.0, 4.0 * rng.unit())));
  return out;
}

double exact_quantile_ms(std::vector<std::chrono::nanoseconds> values, double q) {
  std::sort(values.begin(), values.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))));
  return static_cast<double>(values[rank - 1].count()) / 1e6;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(latency_histogram)

BOOST_AUTO_TEST_CASE(percentiles_within_one_bucket_of_the_exact_ones) {
  const auto values = samples(20000, 3);
  LatencyHistogram histogram;
  for (auto value : values) histogram.record(value);
  BOOST_TEST(histogram.count() == values.size());
  for (double q : {0.5, 0.9, 0.99, 0.999, 0.9999}) {
    const double exact = exact_quantile_ms(values, q);
    BOOST_TEST(std::abs(histogram.quantile_ms(q) - exact) / exact < 0.01, "q=" << q);
  }
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  BOOST_TEST(histogram.max_ms() == static_cast<double>(high->count()) / 1e6);
  BOOST_TEST(histogram.min_ms() == static_cast<double>(low->count()) / 1e6);
  BOOST_TEST(histogram.quantile_ms(1.0) == histogram.max_ms());
}

BOOST_AUTO_TEST_CASE(merged_shards_equal_the_histogram_of_all_samples) {
  const auto values = samples(5000, 11);
  LatencyHistogram all, first, second, third;
  for (std::size_t i = 0; i < values.size(); ++i) {
    all.record(values[i]);
    (i % 3 == 0 ? first : i % 3 == 1 ? second : third).record(values[i]);
  }
  LatencyHistogram merged;
  BOOST_TEST(merged.merge(third));
  BOOST_TEST(merged.merge(first));
  BOOST_TEST(merged.merge(second));
  BOOST_TEST((merged == all));
  BOOST_TEST(merged.quantile_ms(0.99) == all.quantile_ms(0.99));
  LatencyHistogram coarse(LatencyHistogram::Resolution::Coarse);
  BOOST_TEST(!merged.merge(coarse));  // different buckets cannot be added
}

BOOST_AUTO_TEST_CASE(json_round_trip_and_out_of_range_samples) {
  LatencyHistogram histogram(LatencyHistogram::Resolution::Coarse);
  histogram.record(0ns);      // below 1 µs
  histogram.record(250us);
  histogram.record(3min);     // beyond 100 s
  const auto back = LatencyHistogram::from_json(histogram.to_json());
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST((*back == histogram));
  BOOST_TEST(back->max_ms() == 180000.0);
  nlohmann::json broken = histogram.to_json();
  broken["count"] = 4;
  BOOST_TEST(!LatencyHistogram::from_json(broken).has_value());
  BOOST_TEST(!LatencyHistogram::from_json(nlohmann::json::object()).has_value());
  BOOST_TEST(LatencyHistogram().quantile_ms(0.99) == 0.0);  // empty
}

BOOST_AUTO_TEST_SUITE_END()
