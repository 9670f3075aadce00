// sim/plan/plan_parser: what a plan may say, and errors that name the file, the line and what
// was expected (exit 2 in the CLI). Policy knobs go through the world file's [policy] reader, so
// a sweep can vary any of them; pool settings go through the domain's validation.
#include "tests/simulate/simulate_fixture.hpp"

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;

namespace {

constexpr std::string_view kMinimal = R"(
[horizon]
days = 2
[traffic]
visits_per_hour = 36
)";

std::string with(std::string_view extra) { return std::string(kMinimal) + std::string(extra); }

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(plan_minimal_plan_has_the_documented_defaults) {
  const Plan plan = parse_ok(std::string(kMinimal));
  BOOST_TEST(plan.seed == 1u);
  BOOST_TEST(plan.replications == 10);
  BOOST_TEST(plan.traffic.visits_per_second == 0.01);
  BOOST_TEST(plan.traffic.homogeneous());
  BOOST_TEST(plan.pool.max_pool_size == 2);
  BOOST_TEST(plan.pool.lifetime_seconds == 1800);
  BOOST_TEST(plan.points.size() == 1u);
  BOOST_TEST(plan.horizon.warm_up == 2 * 86'400'000 / 10);
  BOOST_TEST(plan.policy.grow_percent == 20);
}

BOOST_AUTO_TEST_CASE(plan_errors_name_file_line_and_expectation) {
  BOOST_TEST(parse_error(with("[pool]\nmax_pool_sise = 3\n")) ==
             "plan.toml:7:1: pool: unknown key \"max_pool_sise\"; allowed keys: max_pool_size, lifetime_seconds, "
             "allow_overflow, fill_immediately, inventory_numbers");
  BOOST_TEST(contains(parse_error(with("[calls]\ncall_share = 1.5\n")), "plan.toml:7:"));
  BOOST_TEST(contains(parse_error("[traffic]\nvisits_per_hour = 3\n"), "needs a [horizon] table"));
  BOOST_TEST(contains(parse_error("[horizon]\ndays = 1\n[traffic]\n"), "needs a rate"));
  BOOST_TEST(contains(parse_error("[horizon\n"), "plan.toml:1:"));
}

BOOST_AUTO_TEST_CASE(plan_policy_is_read_by_the_world_file_reader) {
  const Plan plan = parse_ok(with("[policy]\ngrow_percent = 35\nshrink_policy = \"idle\"\n"));
  BOOST_TEST(plan.policy.grow_percent == 35);
  BOOST_TEST((plan.policy.shrink_policy == ringpool::domain::ShrinkPolicy::Idle));
  const std::string error = parse_error(with("[policy]\nshrink_policy = \"weekly\"\n"));
  BOOST_TEST(contains(error, "plan.toml:7:"));
  BOOST_TEST(contains(error, "\"monthly_unused\" or \"idle\""));
}

BOOST_AUTO_TEST_CASE(plan_pool_settings_are_validated_by_the_domain) {
  const std::string error = parse_error(with("[pool]\nlifetime_seconds = 30\n"));
  BOOST_TEST(contains(error, "plan.toml:6:1: pool: Lifetime seconds must be between 60 and 2592000"));

}

BOOST_AUTO_TEST_CASE(plan_sweeps_pool_knobs_and_any_policy_knob) {
  const Plan plan = parse_ok(with("[sweep]\nmax_pool_size = { from = 10, to = 30, step = 10 }\nmax_grow_step = [5, 500]\n"));
  BOOST_TEST_REQUIRE(plan.points.size() == 6u);
  BOOST_TEST(plan.sweep[0].name == "max_pool_size");  // file order, not toml++'s sorted order
  BOOST_TEST(plan.points[0].pool.max_pool_size == 10);
  BOOST_TEST(plan.points[0].policy.max_grow_step == 5);
  BOOST_TEST(plan.points[5].pool.max_pool_size == 30);
  BOOST_TEST(plan.points[5].policy.max_grow_step == 500);

  // A swept rate needs none in [traffic] (and refuses one there: the sweep would replace it).
  const Plan paired = parse_ok("[horizon]\ndays = 2\n[sweep]\npaired = true\nmax_pool_size = [2, 11]\nvisits_per_second = [0.1, 0.2]\n");
  BOOST_TEST_REQUIRE(paired.points.size() == 2u);
  BOOST_TEST(paired.points[1].pool.max_pool_size == 11);
  BOOST_TEST(paired.points[1].visits_per_second == 0.2);
}

BOOST_AUTO_TEST_CASE(plan_sweep_errors_name_the_knob) {
  const std::string unknown = parse_error(with("[sweep]\ngrow_procent = [1, 2]\n"));
  BOOST_TEST(contains(unknown, "plan.toml:7: sweep.grow_procent = 1:"));
  BOOST_TEST(contains(unknown, "not a knob"));
  BOOST_TEST(contains(unknown, "grow_percent"));  // the [policy] reader lists the knobs it knows
  const std::string bad_value = parse_error(with("[sweep]\ngrow_percent = [0, 10]\n"));
  BOOST_TEST(contains(bad_value, "sweep.grow_percent = 0"));
  const std::string bad_pool = parse_error(with("[sweep]\nmax_pool_size = [5, 20000]\n"));
  BOOST_TEST(contains(bad_pool, "max_pool_size=20000"));
  BOOST_TEST(contains(parse_error(with("[sweep]\npaired = true\nmax_pool_size = [2, 3]\n")), "needs two knobs"));
}

BOOST_AUTO_TEST_CASE(plan_csv_files_errors_name_their_line) {
  const std::string text = "[horizon]\ndays = 1\n[traffic]\nreplay_file = \"visits.csv\"\n";
  const Plan plan = parse_ok(text, {{"visits.csv", "time\n2026-01-01T00:00:10Z\n20.5\n"}});
  BOOST_TEST(plan.traffic.replay.size() == 2u);
  BOOST_TEST(parse_error(text, {{"visits.csv", "time\n10\nsoon\n"}}) ==
             "visits.csv:3: expected a visit time: a UTC time such as 2026-01-05T09:00:00Z, or seconds since the horizon's "
             "start; found \"soon\"");
  BOOST_TEST(contains(parse_error(text), "cannot read \"replay_file\" \"visits.csv\": No such file or directory"));
}

BOOST_AUTO_TEST_SUITE_END()
