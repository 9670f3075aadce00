// `ringpool conform --jobs N`: scenarios in flight at once give the report one at a time gives;
// lanes keep apart what scenarios share on a live server (the clock, the world, Bulk enablement, a
// campaign's list); the request-rate cap paces every worker together.
#include "conformance/lane_gate.hpp"
#include "conformance/request_pacer.hpp"
#include "conformance/scenario_lanes.hpp"
#include "conformance/step_kinds.hpp"
#include "control_subset_target.hpp"
#include "conformance_fixture.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>

namespace ringpool::conformance {
inline std::ostream& boost_test_print_type(std::ostream& out, Lane lane) { return out << lane_name(lane); }
}  // namespace ringpool::conformance

using namespace ringpool::conformance;
namespace testing = ringpool::testing;

namespace {

const Scenario& shipped(std::string_view id) {
  for (const Scenario& scenario : testing::shipped_scenarios())
    if (scenario.id == id) return scenario;
  BOOST_FAIL("no shipped scenario " << id);
  throw;
}

// A reference that serves only some control endpoints, owning what it wraps (one per worker).
class PartialReference final : public Target {
 public:
  explicit PartialReference(std::vector<std::string> paths) : reference_("conformance-control"), subset_(reference_, std::move(paths)) {}
  std::string describe() const override { return subset_.describe(); }
  std::string base_url(ApiKind api) const override { return subset_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world) override {
    return subset_.begin_scenario(seed, world);
  }
  Exchange send(ApiKind api, const ringpool::api::Request& request) override { return subset_.send(api, request); }
  std::vector<std::string_view> built_in_capabilities() const override { return subset_.built_in_capabilities(); }
  bool begins_afresh() const override { return true; }

 private:
  ReferenceTarget reference_;
  testing::ControlSubsetTarget subset_;
};

std::string json_of(const RunResult& run) { return ringpool::reports::render_json_report(run, ClauseCatalogue::builtin()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(jobs)

BOOST_AUTO_TEST_CASE(jobs_give_byte_identical_reports_in_process) {
  ReferenceTarget probe("conformance-control");
  RunOptions options = testing::run_options(Profile::Strict, probe, "conformance-control");
  const RunResult one = run_scenarios(probe, testing::shipped_scenarios(), options);
  options.jobs = 4;
  const TargetFactory make = [] { return std::make_unique<ReferenceTarget>("conformance-control"); };
  const RunResult four = run_scenarios(make, testing::shipped_scenarios(), options);
  BOOST_TEST(one.summary().passed > 100u);
  BOOST_TEST(json_of(one) == json_of(four));
  BOOST_TEST(ringpool::reports::render_html(one, ClauseCatalogue::builtin()) ==
             ringpool::reports::render_html(four, ClauseCatalogue::builtin()));
}

BOOST_AUTO_TEST_CASE(a_capability_lost_during_the_run_skips_later_scenarios_whatever_finished_first) {
  // The description claims bulk-enablement, which answers 404: the first scenario that uses it
  // finds out, and every later one is skipped as a run of one scenario at a time skips it — even
  // when, with jobs, a later one ran (and found out itself) before the first finished.
  const std::vector<std::string> served = {"/_control/clock", "/_control/clock/advance", "/_control/reset", "/_control/ring_pools/"};
  PartialReference probe(served);
  RunOptions options = testing::run_options(Profile::Reference, probe, "conformance-control");
  options.description.capabilities["bulk-enablement"] = true;
  options.capabilities = probe_capabilities(probe, options.description, "conformance-control");
  BOOST_REQUIRE(options.capabilities.has("bulk-enablement"));
  const RunResult one = run_scenarios(probe, testing::shipped_scenarios(), options);
  options.jobs = 6;
  const TargetFactory make = [&served] { return std::make_unique<PartialReference>(served); };
  for (int attempt = 0; attempt < 3; ++attempt) {
    const RunResult six = run_scenarios(make, testing::shipped_scenarios(), options);
    BOOST_TEST(json_of(one) == json_of(six));
  }
  BOOST_REQUIRE(one.missing_capabilities.size() == 1u);
  BOOST_TEST(one.missing_capabilities.front().first == "bulk-enablement");
}

BOOST_AUTO_TEST_CASE(lanes_are_derived_from_what_the_steps_send) {
  const auto lane = [](std::string_view id, Profile profile = Profile::Vendor) { return lane_of(shipped(id), profile).lane; };
  BOOST_TEST(lane("management/create-returns-full-ring-pool.toml") == Lane::Independent);
  BOOST_TEST(lane("allocation/overflow.toml") == Lane::TimeSensitive);
  BOOST_TEST(lane("leases/expiry-and-reuse.toml") == Lane::ClockMover);
  BOOST_TEST(lane("management/list-of-empty-campaign-is-empty-array.toml", Profile::Strict) == Lane::Exclusive);
  // Its lists only look for the run's own pools: other scenarios' pools in the campaign change nothing.
  BOOST_TEST(lane("management/list-returns-campaign-pools-as-array.toml", Profile::Strict) == Lane::Independent);
  const LanePlacement mover = lane_of(shipped("leases/expiry-and-reuse.toml"), Profile::Vendor);
  BOOST_REQUIRE(mover.last_clock_step.has_value());
  const Scenario& scenario = shipped("leases/expiry-and-reuse.toml");
  BOOST_TEST(moves_clock(scenario.steps[*mover.last_clock_step]));
  for (std::size_t i = *mover.last_clock_step + 1; i < scenario.steps.size(); ++i) BOOST_TEST(!moves_clock(scenario.steps[i]));
  BOOST_TEST(!mover.why.empty());
  // Every scenario that advances the clock or switches Bulk is kept apart from the others.
  for (const Scenario& each : testing::shipped_scenarios())
    for (const Step& step : each.steps)
      if ((step.kind == StepKind::Advance || step.kind == StepKind::SetBulk) && !step_idle_in(step, Profile::Reference))
        BOOST_TEST(static_cast<int>(lane_of(each, Profile::Reference).lane) >= static_cast<int>(Lane::ClockMover), each.id);
}

BOOST_AUTO_TEST_CASE(estimated_requests_count_steps_repeats_and_clean_up) {
  // 3 creates, 3 lists (one of them on the other campaign... the fourth create) and a delete per pool.
  const Scenario& scenario = shipped("management/list-returns-campaign-pools-as-array.toml");
  BOOST_TEST(estimated_requests(scenario, Profile::Vendor) == 7u + 4u);
}

BOOST_AUTO_TEST_CASE(the_gate_keeps_the_clock_still_for_whoever_depends_on_it) {
  LaneGate gate;
  BOOST_TEST(gate.may_start(Lane::Exclusive));
  gate.start(Lane::TimeSensitive);
  BOOST_TEST(!gate.may_start(Lane::Exclusive));  // only alone
  BOOST_TEST(gate.may_start(Lane::ClockMover));   // it may start its steps before the first advance...
  gate.start(Lane::ClockMover);
  BOOST_TEST(!gate.may_move_clock());             // ...but moves the clock only once the other is done
  BOOST_TEST(!gate.may_start(Lane::TimeSensitive));  // and nothing the clock matters to starts meanwhile
  BOOST_TEST(!gate.may_start(Lane::ClockMover));
  BOOST_TEST(gate.may_start(Lane::Independent));  // management-only scenarios do not care
  gate.start(Lane::Independent);
  gate.steps_done(Lane::TimeSensitive, false);    // it only deletes its own pools now: the clock may move
  BOOST_TEST(gate.may_move_clock());
  gate.finish(Lane::Independent, false);
  gate.release_clock();                           // its last clock step is done
  BOOST_TEST(gate.may_start(Lane::TimeSensitive));
  gate.start(Lane::ClockMover);                   // the next mover waits for the first to finish its reads
  BOOST_TEST(!gate.may_move_clock());
  gate.finish(Lane::ClockMover, false);
  BOOST_TEST(gate.may_move_clock());
  gate.finish(Lane::ClockMover, true);
  gate.finish(Lane::Independent, false);
  BOOST_TEST(gate.in_flight() == 0u);
  BOOST_TEST(!gate.clock_held());
  gate.start(Lane::Exclusive);
  BOOST_TEST(!gate.may_start(Lane::Independent));  // nothing runs beside a world reset
}

BOOST_AUTO_TEST_CASE(the_rate_cap_spaces_requests_over_all_workers) {
  using namespace std::chrono;
  steady_clock::time_point now{};
  std::vector<steady_clock::duration> waits;
  RequestPacer pacer(
      4.0, [&] { return now; },
      [&](steady_clock::duration wait) {
        waits.push_back(wait);
        now += wait;  // the caller sleeps until its slot
      });
  for (int i = 0; i < 5; ++i) pacer.wait_turn();
  // The first goes at once, each next one 250 ms after the one before.
  BOOST_TEST(waits.size() == 4u);
  for (const auto wait : waits) BOOST_TEST(duration_cast<milliseconds>(wait).count() == 250);
  now += seconds(10);  // idle time is not saved up for a burst
  waits.clear();
  pacer.wait_turn();
  pacer.wait_turn();
  BOOST_TEST(waits.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
