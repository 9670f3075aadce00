// sim/plan/plan_unread_keys: nothing in a plan is ignored silently. A key the chosen model would
// not read is an error at the key (file:line), naming the setting that would make it count; the
// example plans have none.
#include "tests/simulate/simulate_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;

namespace {

constexpr std::string_view kBase = R"(
[horizon]
days = 2
[traffic]
visits_per_hour = 36
)";

std::string unread_with(std::string_view extra) { return std::string(kBase) + std::string(extra); }
bool says(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(unread_lognormal_settings_under_the_default_delay_are_refused) {
  // The issue's case: a median and sigma without delay = "lognormal" ran the exponential default.
  const std::string error = parse_error(unread_with("[calls]\ncall_share = 0.1\nmedian_delay_seconds = 1800\nsigma = 1.2\n"));
  BOOST_TEST(says(error, "plan.toml:8:1: calls: \"median_delay_seconds\" counts only with delay = \"lognormal\""), error);
  BOOST_TEST(says(error, "the default when \"delay\" is not given"), error);
  // With the delay named, the same keys are read.
  const Plan plan = parse_ok(unread_with("[calls]\ncall_share = 0.1\ndelay = \"lognormal\"\nmedian_delay_seconds = 1800\nsigma = 1.2\n"));
  BOOST_TEST((plan.calls.delay == DelayModel::LogNormal));
  BOOST_TEST(plan.calls.median_delay_seconds == 1800);
}

BOOST_AUTO_TEST_CASE(unread_keys_of_the_other_delay_models_are_refused) {
  BOOST_TEST(says(parse_error(unread_with("[calls]\ncall_share = 0.1\ndelay = \"lognormal\"\nmean_delay_seconds = 60\n")),
                      "\"mean_delay_seconds\" counts only with delay = \"exponential\", and this plan has delay = \"lognormal\""));
  BOOST_TEST(says(parse_error(unread_with("[calls]\ncall_share = 0.1\ndelays_file = \"d.csv\"\n")),
                      "\"delays_file\" counts only with delay = \"empirical\""));
  BOOST_TEST(says(parse_error(unread_with("[calls]\ncall_share = 0.1\ntail_mean_delay_seconds = 600\n")),
                      "\"tail_mean_delay_seconds\" counts only with tail_share > 0"));
}

BOOST_AUTO_TEST_CASE(unread_call_settings_without_callers_are_refused) {
  const std::string error = parse_error(unread_with("[calls]\ndelay = \"lognormal\"\n"));
  BOOST_TEST(says(error, "calls: \"delay\" counts only with call_share > 0, and this plan has call_share = 0"), error);
  BOOST_TEST(says(parse_error(unread_with("[targets]\nmisattributed_share_max = 0.05\n")),
                      "targets: \"misattributed_share_max\" counts only with [calls] call_share > 0"));
  BOOST_TEST(says(parse_error(unread_with("[sweep]\nattribution_window_seconds = [60, 600]\n")),
                      "sweep: \"attribution_window_seconds\" counts only with visitors who call"));
  // A swept call_share makes them count.
  parse_ok(unread_with("[calls]\ndelay = \"lognormal\"\n[sweep]\ncall_share = [0.0, 0.1]\n"));
}

BOOST_AUTO_TEST_CASE(unread_keys_a_sweep_replaces_are_refused) {
  BOOST_TEST(says(parse_error(unread_with("[pool]\nmax_pool_size = 10\n[sweep]\nmax_pool_size = [10, 20]\n")),
                      "pool: \"max_pool_size\" is replaced at every point by the sweep"));
  BOOST_TEST(says(parse_error(unread_with("[policy]\ngrow_percent = 30\n[sweep]\ngrow_percent = [10, 20]\n")),
                      "policy: \"grow_percent\" is replaced at every point by the sweep"));
  BOOST_TEST(says(parse_error(unread_with("[sweep]\nvisits_per_second = [0.1, 0.2]\n")),
                      "traffic: \"visits_per_hour\" is replaced at every point by the sweep ([sweep] sets the rate)"));
  BOOST_TEST(says(parse_error(unread_with("[calls]\ncall_share = 0.1\n[sweep]\ncall_share = [0.1, 0.2]\n")),
                      "calls: \"call_share\" is replaced at every point"));
}

BOOST_AUTO_TEST_CASE(unread_traffic_cost_and_target_keys_are_refused) {
  BOOST_TEST(says(parse_error(unread_with("utc_offset_hours = -5\n")), "\"utc_offset_hours\" counts only with an hour_of_day or "
                                                                    "day_of_week profile"));
  BOOST_TEST(says(parse_error(unread_with("[[traffic.burst]]\nstart = \"2026-01-01T10:00:00Z\"\nduration_seconds = 60\n"
                                       "multiplier = 2\ncount = 3\n")),
                      "\"count\" is read only with \"repeat_every_seconds\""));
  BOOST_TEST(says(parse_error(unread_with("[cost]\ncurrency = \"EUR\"\n")), "\"currency\" counts only with per_number_per_month > 0"));
  BOOST_TEST(says(parse_error(unread_with("[targets]\nno_number_rate_max = 0.01\n")),
                      "\"no_number_rate_max\" counts only with [pool] allow_overflow = false"));
  BOOST_TEST(says(parse_error(unread_with("[pool]\nallow_overflow = false\n[targets]\noverflow_rate_max = 0.01\n")),
                      "\"overflow_rate_max\" counts only with [pool] allow_overflow = true"));
  BOOST_TEST(says(parse_error(unread_with("[targets]\noverflow_rate_max = 0\n")), "\"overflow_rate_max\" = 0 is never met"));
  parse_ok(unread_with("utc_offset_hours = -5\nhour_of_day = [1,1,1,1,1,1,1,1,1,1,1,1,2,1,1,1,1,1,1,1,1,1,1,1]\n[cost]\n"
                "per_number_per_month = 2\ncurrency = \"EUR\"\n"));
}

BOOST_AUTO_TEST_CASE(unread_keys_the_example_plans_have_none) {
  for (const auto& entry : std::filesystem::directory_iterator("scenarios/plans")) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    BOOST_TEST_CONTEXT(entry.path().string()) {
      auto plan = parse_plan(text.str(), entry.path().string(), files_reader({}));
      BOOST_TEST(plan.has_value(), (plan ? std::string() : plan.error().describe()));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
