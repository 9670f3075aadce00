// The resolved plan (sim/plan/plan_json): simulation.json records every value a study ran with,
// so the study can be rebuilt from the report alone, byte for byte; the digest is over content,
// so shards given the plan by different paths merge; every [policy] knob is recorded, by the
// names the world file's reader knows.
#include "tests/simulate/simulate_fixture.hpp"

#include "reference/world_file/policy_table.hpp"
#include "reports/simulation_json.hpp"
#include "sim/plan/plan_json.hpp"
#include "sim/plan/policy_entries.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <set>
#include <sstream>

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;

namespace {

// A replay, empirical delays, a policy knob, a crossed sweep of a policy knob and the pool size.
constexpr std::string_view kRebuildPlan = R"(
title = "rebuild"
seed = 11
replications = 2
[horizon]
hours = 6
warm_up_hours = 1
[pool]
lifetime_seconds = 120
[policy]
lease_grace_seconds = 30
[traffic]
replay_file = "visits.csv"
[calls]
call_share = 0.5
delay = "empirical"
delays_file = "delays.csv"
attribution_window_seconds = 300
[cost]
per_number_per_month = 2
[targets]
overflow_rate_max = 0.2
[sweep]
max_pool_size = [3, 6]
reuse_quarantine_seconds = [0, 60]
)";

Files rebuild_files() {
  std::string visits = "seconds\n";
  for (int i = 0; i < 600; ++i) visits += std::to_string(i * 36 + (i * 7) % 11) + "\n";
  return {{"visits.csv", visits}, {"delays.csv", "10\n45\n300\n900\n"}};
}

Plan parse_as(std::string_view path) {
  auto plan = parse_plan(kRebuildPlan, path, files_reader(rebuild_files()));
  BOOST_TEST_REQUIRE(plan.has_value(), (plan ? std::string() : plan.error().describe()));
  return std::move(*plan);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(resolved_plan_rebuilds_the_study_from_simulation_json_alone) {
  const std::string report = ringpool::reports::render_simulation_json(run_whole(parse_as("plans/rebuild.toml"), 2));
  const auto json = nlohmann::ordered_json::parse(report);
  auto rebuilt = plan_from_resolved_json(json["plan"]["resolved"]);
  BOOST_TEST_REQUIRE(rebuilt.has_value(), (rebuilt ? std::string() : rebuilt.error()));
  BOOST_TEST(rebuilt->traffic.replay.size() == 600u);
  BOOST_TEST(rebuilt->calls.empirical_delays_seconds.size() == 4u);
  BOOST_TEST(rebuilt->points.size() == 4u);
  BOOST_TEST(ringpool::reports::render_simulation_json(run_whole(*rebuilt, 1)) == report);
}

BOOST_AUTO_TEST_CASE(resolved_plan_digest_is_over_content_not_the_path) {
  const StudyDescription typed = describe(parse_as("plans/rebuild.toml"));
  const StudyDescription dotted = describe(parse_as("./plans/rebuild.toml"));
  const StudyDescription absolute = describe(parse_as("/srv/plans/rebuild.toml"));
  BOOST_TEST(typed.plan_digest == dotted.plan_digest);
  BOOST_TEST(typed.plan_digest == absolute.plan_digest);
  BOOST_TEST(typed.source == "rebuild.toml");
  // The files' content is part of it.
  Files other = rebuild_files();
  other["delays.csv"] = "10\n45\n300\n901\n";
  auto changed = parse_plan(kRebuildPlan, "plans/rebuild.toml", files_reader(other));
  BOOST_TEST_REQUIRE(changed.has_value());
  BOOST_TEST(describe(*changed).plan_digest != typed.plan_digest);
}

BOOST_AUTO_TEST_CASE(resolved_plan_shards_given_different_paths_merge_into_the_whole_run) {
  const Plan typed = parse_as("plans/rebuild.toml");
  const Plan dotted = parse_as("./plans/rebuild.toml");
  const auto shard = [](const Plan& plan, int k) {
    StudyOptions options;
    options.shard = Shard{k, 2};
    auto parsed = parse_shard_file(render_shard_file(ShardFile{options.shard, describe(plan), run_study(plan, options)}));
    BOOST_TEST_REQUIRE(parsed.has_value());
    return std::move(*parsed);
  };
  auto merged = merge_shards({shard(typed, 1), shard(dotted, 2)});
  BOOST_TEST_REQUIRE(merged.has_value(), (merged ? std::string() : merged.error()));
  const std::string from_shards =
      ringpool::reports::render_simulation_json(analyse(std::move(merged->first), std::move(merged->second)));
  BOOST_TEST(from_shards == ringpool::reports::render_simulation_json(run_whole(typed, 2)));
}

BOOST_AUTO_TEST_CASE(resolved_plan_records_every_policy_knob_the_world_file_knows) {
  // The world file's reader lists the keys it allows when it meets one it does not know.
  toml::table unknown;
  unknown.insert("no_such_knob", 1);
  auto error = ringpool::world_file::read_policy_table(unknown, "x");
  BOOST_TEST_REQUIRE(!error.has_value());
  const std::string message = error.error().message;
  const std::string list = message.substr(message.find("allowed keys: ") + 14);
  std::set<std::string> allowed;
  std::stringstream stream(list);
  for (std::string key; std::getline(stream, key, ',');) allowed.insert(key.substr(key.find_first_not_of(' ')));
  std::set<std::string> written;
  for (const auto& [key, value] : policy_entries_of(ringpool::domain::ReferencePolicy{})) written.insert(key);
  BOOST_TEST(written == allowed, boost::test_tools::per_element());
  // And read back they give the same policy.
  ringpool::domain::ReferencePolicy changed;
  changed.lease_grace_seconds = 45;
  changed.shrink_policy = ringpool::domain::ShrinkPolicy::Idle;
  changed.growth_trigger = ringpool::domain::GrowthTrigger::OnDemand;
  auto read = read_policy_entries(policy_entries_of(changed), "x");
  BOOST_TEST_REQUIRE(read.has_value());
  const auto again = policy_entries_of(*read);
  BOOST_TEST((again == policy_entries_of(changed)));
}

BOOST_AUTO_TEST_SUITE_END()
