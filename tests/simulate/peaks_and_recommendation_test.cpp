// What sizing depends on, shown: per-bucket peaks of the numbers leased and held, the busiest
// hour's overflow, the leased and held peaks on the page as labelled figures equal to the JSON;
// and the recommendation explained: no recommendation without targets, every cheaper point with
// the target it misses, a warning when a cheaper point's interval straddles its limit.
#include "tests/simulate/simulate_fixture.hpp"

#include "reports/simulation_console.hpp"
#include "reports/simulation_html.hpp"
#include "reports/simulation_json.hpp"
#include "reports/simulation_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <vector>

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;

namespace {

// Replayed visits (seconds since the start), leases of 60 s, buckets of 60 s, no warm-up.
RunMetrics replay(const std::string& visits, std::int64_t max_pool_size = 10) {
  const std::string text = fmt::format(R"(
replications = 1
[horizon]
hours = 3
warm_up_seconds = 0
bucket_seconds = 60
[pool]
max_pool_size = {}
lifetime_seconds = 60
fill_immediately = true
[traffic]
replay_file = "visits.csv"
)",
                                       max_pool_size);
  return run_whole(parse_ok(text, {{"visits.csv", "seconds\n" + visits}})).runs.at(0).metrics;
}

constexpr std::string_view kSwept = R"(
seed = 3
replications = 4
[horizon]
days = 2
warm_up_hours = 2
[pool]
lifetime_seconds = 600
fill_immediately = true
[traffic]
visits_per_second = 0.05
[[traffic.burst]]
start = "2026-01-01T20:00:00Z"
duration_seconds = 600
multiplier = 3
repeat_every_seconds = 86400
[cost]
per_number_per_month = 2
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(peaks_per_bucket_are_the_most_at_any_instant) {
  // Leases [0,60) [10,70) [20,80) [130,190): 3 in the first minute, 2 at the start of the second,
  // none in the third until 130 s, then 1 into the fourth minute.
  const RunMetrics metrics = replay("0\n10\n20\n130\n");
  BOOST_TEST_REQUIRE(metrics.leased_peak_series.size() >= 4u);
  BOOST_TEST(metrics.leased_peak_series[0] == 3.0);
  BOOST_TEST(metrics.leased_peak_series[1] == 2.0);
  BOOST_TEST(metrics.leased_peak_series[2] == 1.0);
  BOOST_TEST(metrics.leased_peak_series[3] == 1.0);
  BOOST_TEST(metrics.leased_peak_series[4] == 0.0);
  BOOST_TEST(metrics.leased_peak == 3);
  // The mean of the first minute is (60 + 50 + 40) / 60 = 2.5: the average hides the peak.
  BOOST_TEST(metrics.leased_series[0] == 2.5);
  BOOST_TEST(metrics.held_peak_series[0] == 10.0);  // filled at creation: max_pool_size
  BOOST_TEST(*std::max_element(metrics.leased_peak_series.begin(), metrics.leased_peak_series.end()) ==
             static_cast<double>(metrics.leased_peak));
}

BOOST_AUTO_TEST_CASE(peaks_the_busiest_hour_is_the_one_with_the_most_visits) {
  // Two trackable numbers: the third and fourth visit of the burst at 2 h overflow.
  std::string visits = "100\n4000\n";
  for (int i = 0; i < 4; ++i) visits += fmt::format("{}\n", 7200 + i);
  const RunMetrics metrics = replay(visits, 3);
  BOOST_TEST(metrics.busiest_hour_visits == 4);
  BOOST_TEST(metrics.busiest_hour_overflow_answers == 2);
  BOOST_TEST(metrics.overflow_answers == 2);
  BOOST_TEST(metrics.visits == 6);
}

BOOST_AUTO_TEST_CASE(peaks_the_page_shows_the_leased_and_held_peaks_as_the_json_has_them) {
  const StudyResult result = run_whole(parse_ok(std::string(kSwept) + "[targets]\noverflow_rate_max = 0.05\n[sweep]\n"
                                                                       "max_pool_size = [20, 40, 80, 160]\n"));
  BOOST_TEST_REQUIRE(result.recommendation.point.has_value());
  const auto json = nlohmann::json::parse(ringpool::reports::render_simulation_json(result));
  const auto& point = json["points"][*result.recommendation.point];
  const double leased_peak = point["metrics"]["leased_peak"]["mean"];
  const double held_peak = point["metrics"]["held_peak"]["mean"];
  BOOST_TEST(leased_peak > 0);
  BOOST_TEST(point["series"]["leased_peak"].size() == point["series"]["leased_mean"].size());
  const std::string html = ringpool::reports::render_simulation_html(result);
  using ringpool::reports::simulation_text::amount;
  BOOST_TEST(html.find(fmt::format(R"(<div class="value">{}</div><div class="label">leased peak:)", amount(leased_peak))) !=
             std::string::npos);
  BOOST_TEST(html.find(fmt::format(R"(<div class="value">{}</div><div class="label">held peak:)", amount(held_peak))) !=
             std::string::npos);
  BOOST_TEST(html.find("leased, peak in the bucket") != std::string::npos);  // the chart's peak series
  BOOST_TEST(html.find("overflow in the busiest hour") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(recommendation_none_without_targets_and_the_page_says_so) {
  const StudyResult result = run_whole(parse_ok(std::string(kSwept) + "[sweep]\nmax_pool_size = [20, 40]\n"));
  BOOST_TEST(!result.recommendation.point.has_value());
  BOOST_TEST(result.recommendation.explanation.find("sets no [targets], so no point is recommended") != std::string::npos);
  BOOST_TEST(ringpool::reports::render_simulation_html(result).find("No recommendation: the plan sets no targets") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(recommendation_names_why_each_cheaper_point_misses) {
  const StudyResult result = run_whole(parse_ok(std::string(kSwept) + "[targets]\noverflow_rate_max = 0.01\n"
                                                                       "overflow_rate_busiest_hour_max = 0.2\n[sweep]\n"
                                                                       "max_pool_size = [10, 20, 40, 80, 160]\n"));
  BOOST_TEST_REQUIRE(result.recommendation.point.has_value());
  const std::size_t chosen = *result.recommendation.point;
  BOOST_TEST(chosen > 0u);
  BOOST_TEST(result.recommendation.cheaper.size() == chosen);  // pool sizes below, most expensive first
  BOOST_TEST(result.recommendation.cheaper.front().point == chosen - 1);
  for (const CheaperPoint& cheaper : result.recommendation.cheaper) {
    BOOST_TEST(cheaper.reason.starts_with("misses overflow"), cheaper.reason);
    BOOST_TEST(cheaper.reason.find("at the upper bound (mean") != std::string::npos);
  }
  BOOST_TEST(result.points[chosen].verdict.starts_with("meets every target; the closest is"));
  const std::string console = ringpool::reports::render_simulation_console(result);
  BOOST_TEST(console.find("Why not a cheaper point:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(recommendation_warns_when_a_cheaper_interval_straddles_its_limit) {
  // Overflow targets set just above the mean of the 20-number point: its interval straddles.
  const StudyResult probe = run_whole(parse_ok(std::string(kSwept) + "[sweep]\nmax_pool_size = [20, 40]\n"));
  const Summary& overflow = probe.points[0].metrics[metric_index("overflow_rate")];
  BOOST_TEST_REQUIRE(overflow.ci95_high.value() > overflow.mean);
  const double limit = (overflow.mean + *overflow.ci95_high) / 2;
  const StudyResult result = run_whole(parse_ok(std::string(kSwept) + fmt::format("[targets]\noverflow_rate_max = {}\n"
                                                                                  "[sweep]\nmax_pool_size = [20, 40]\n",
                                                                                  limit)));
  BOOST_TEST(result.points[0].targets[0].straddles());
  BOOST_TEST_REQUIRE(result.recommendation.warnings.size() == 1u);
  BOOST_TEST(result.recommendation.warnings[0].find("could qualify with more replications") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(recommendation_stability_across_seeds_is_reported) {
  const Plan plan = parse_ok(std::string(kSwept) + "[targets]\noverflow_rate_max = 0.01\n[sweep]\nmax_pool_size = [20, 80]\n");
  StudyResult result = run_whole(plan);
  StudyOptions options;
  options.jobs = 2;
  const std::vector<SeedOutcome> others = measure_stability(plan, {4, 5}, options);
  BOOST_TEST_REQUIRE(others.size() == 2u);
  BOOST_TEST(others[0].seed == 4u);
  result.stability = {SeedOutcome{plan.seed, result.recommendation.point}};
  result.stability.insert(result.stability.end(), others.begin(), others.end());
  const std::string sentence = ringpool::reports::simulation_text::stability(result);
  BOOST_TEST(sentence.starts_with("Stability across seeds: the same recommendation with"), sentence);
  BOOST_TEST(sentence.find("of 3 seeds (3, 4, 5)") != std::string::npos, sentence);
  const auto json = nlohmann::json::parse(ringpool::reports::render_simulation_json(result));
  BOOST_TEST(json["stability"]["seeds"].size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(console_columns_stay_aligned_and_counts_agree_in_number) {
  // Long labels (two knobs, one a long policy name) must not push the columns out of line.
  std::string text(kSwept);
  text.replace(text.find("replications = 4"), 16, "replications = 1");
  const StudyResult result =
      run_whole(parse_ok(text + "[sweep]\nmax_pool_size = [20, 160]\nautoscale_interval_seconds = [60, 86400]\n"));
  std::stringstream console(ringpool::reports::render_simulation_console(result));
  std::vector<std::size_t> ends;
  for (std::string line; std::getline(console, line) && !line.empty();) {
    const std::size_t trackable = line.find("trackable");
    if (trackable != std::string::npos) {
      ends.push_back(trackable + 9);
      continue;
    }
    // The trackable numbers end where the header's word ends.
    const std::size_t digits_end = line.find_first_of(' ', line.find_first_not_of(' ', line.find("  ") + 2));
    ends.push_back(digits_end);
  }
  BOOST_TEST_REQUIRE(ends.size() == 5u);
  BOOST_TEST(std::all_of(ends.begin(), ends.end(), [&](std::size_t end) { return end == ends.front(); }));
  const std::string header = ringpool::reports::render_simulation_header(result.description, 1);
  BOOST_TEST(header.find("4 points x 1 replication = 4 runs, seed 3, 1 thread\n") != std::string::npos, header);
}

BOOST_AUTO_TEST_SUITE_END()
