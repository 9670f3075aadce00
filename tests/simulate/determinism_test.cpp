// Same seed -> byte-identical JSON, CSV and HTML whatever the thread count, and whether the study
// runs whole or as shards merged through the shard files (issue 9's "Must show").
#include "tests/simulate/simulate_fixture.hpp"

#include "reports/simulation_csv.hpp"
#include "reports/simulation_html.hpp"
#include "reports/simulation_json.hpp"

using namespace ringpool::sim::plan;
using namespace ringpool::reports;
using namespace ringpool::test::simulate;

namespace {

// Everything that draws: a profile, a burst, calls with a log-normal delay and a tail, two knobs.
constexpr std::string_view kPlan = R"(
title = "determinism"
seed = 5
replications = 3
[horizon]
start = "2026-03-02T00:00:00Z"
hours = 12
warm_up_hours = 1
[pool]
lifetime_seconds = 600
[traffic]
visits_per_hour = 400
hour_of_day = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2, 2, 2, 1.5, 1.5, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5]
[[traffic.burst]]
start = "2026-03-02T06:00:00Z"
duration_seconds = 600
multiplier = 10
[calls]
call_share = 0.2
delay = "lognormal"
median_delay_seconds = 120
sigma = 1.0
tail_share = 0.1
tail_mean_delay_seconds = 3600
attribution_window_seconds = 600
[cost]
per_number_per_month = 2.0
[targets]
overflow_rate_max = 0.05
[sweep]
max_pool_size = [10, 20, 40]
grow_percent = [20, 50]
)";

struct Rendered {
  std::string json, runs_csv, points_csv, html;
};

Rendered render(const StudyResult& result) {
  return {render_simulation_json(result), render_simulation_runs_csv(result), render_simulation_points_csv(result),
          render_simulation_html(result)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(determinism_same_seed_same_bytes_whatever_the_jobs) {
  const Plan plan = parse_ok(std::string(kPlan));
  const Rendered one_thread = render(run_whole(plan, 1));
  const Rendered three_threads = render(run_whole(plan, 3));
  BOOST_TEST(one_thread.json == three_threads.json);
  BOOST_TEST(one_thread.runs_csv == three_threads.runs_csv);
  BOOST_TEST(one_thread.points_csv == three_threads.points_csv);
  BOOST_TEST(one_thread.html == three_threads.html);
  // Something happened: visits, calls and overflow at the small pool during the burst.
  BOOST_TEST(one_thread.json.find("\"misattributed_share\"") != std::string::npos);
  const StudyResult result = run_whole(plan, 2);
  BOOST_TEST(result.points[0].metrics[metric_index("calls")].mean > 0);
  BOOST_TEST(result.points[0].metrics[metric_index("overflow_rate")].mean > 0);
}

BOOST_AUTO_TEST_CASE(determinism_another_seed_gives_other_numbers) {
  Plan plan = parse_ok(std::string(kPlan));
  const std::string first = render_simulation_json(run_whole(plan, 2));
  plan.seed = 6;
  BOOST_TEST(first != render_simulation_json(run_whole(plan, 2)));
}

BOOST_AUTO_TEST_CASE(determinism_shards_merged_equal_the_whole_run) {
  const Plan plan = parse_ok(std::string(kPlan));
  const Rendered whole = render(run_whole(plan, 2));
  const StudyDescription description = describe(plan);
  std::vector<ShardFile> shards;
  for (int k = 3; k >= 1; --k) {  // any order
    StudyOptions options;
    options.jobs = 2;
    options.shard = Shard{k, 3};
    auto parsed = parse_shard_file(render_shard_file(ShardFile{options.shard, description, run_study(plan, options)}));
    BOOST_TEST_REQUIRE(parsed.has_value(), (parsed ? "" : parsed.error()));
    shards.push_back(std::move(*parsed));
  }
  auto merged = merge_shards(shards);
  BOOST_TEST_REQUIRE(merged.has_value(), (merged ? "" : merged.error()));
  const Rendered from_shards = render(analyse(std::move(merged->first), std::move(merged->second)));
  BOOST_TEST(whole.json == from_shards.json);
  BOOST_TEST(whole.runs_csv == from_shards.runs_csv);
  BOOST_TEST(whole.points_csv == from_shards.points_csv);
  BOOST_TEST(whole.html == from_shards.html);
}

BOOST_AUTO_TEST_CASE(determinism_merge_refuses_missing_repeated_and_foreign_shards) {
  const Plan plan = parse_ok(std::string(kPlan));
  const StudyDescription description = describe(plan);
  const auto shard = [&](int k, int n, const StudyDescription& d) {
    StudyOptions options;
    options.shard = Shard{k, n};
    return ShardFile{options.shard, d, run_study(plan, options)};
  };
  auto missing = merge_shards({shard(1, 3, description), shard(3, 3, description)});
  BOOST_TEST_REQUIRE(!missing.has_value());
  BOOST_TEST(missing.error() == "shard 2/3 is missing");
  auto repeated = merge_shards({shard(1, 2, description), shard(1, 2, description), shard(2, 2, description)});
  BOOST_TEST_REQUIRE(!repeated.has_value());
  BOOST_TEST(repeated.error() == "shard 1/2 is given twice");
  StudyDescription other = description;
  other.seed = 99;
  auto foreign = merge_shards({shard(1, 2, description), shard(2, 2, other)});
  BOOST_TEST_REQUIRE(!foreign.has_value());
  BOOST_TEST(foreign.error().find("ran another plan") != std::string::npos);
  BOOST_TEST(!parse_shard_file("{\"schema\": 1}").has_value());
  BOOST_TEST(parse_shard_file("not json").error() == "not JSON");
}

BOOST_AUTO_TEST_CASE(determinism_shard_slices_cover_every_run_once) {
  BOOST_TEST(parse_shard("3/8").has_value());
  BOOST_TEST(!parse_shard("0/8").has_value());
  BOOST_TEST(!parse_shard("9/8").has_value());
  BOOST_TEST(!parse_shard("3").has_value());
  std::vector<int> seen(23, 0);
  for (int k = 1; k <= 4; ++k)
    for (std::size_t run : shard_runs(23, Shard{k, 4})) ++seen[run];
  BOOST_TEST(std::all_of(seen.begin(), seen.end(), [](int count) { return count == 1; }));
}

BOOST_AUTO_TEST_SUITE_END()
