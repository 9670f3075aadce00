#include "conformance/scenario_lanes.hpp"

#include "conformance/capabilities.hpp"
#include "conformance/expectation_keys.hpp"
#include "conformance/step_kinds.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

namespace ringpool::conformance {

namespace {

// What a list check may look at and still be true whatever other pools the campaign holds: the
// run's own pools in it or not, their order. Anything else (its length, its exact body) judges the
// campaign as a whole.
constexpr std::array<std::string_view, 7> kOwnPoolsListKeys = {"status", "shape", "list_contains", "list_excludes",
                                                              "list_ascending_ids", "content_type", "headers"};

bool is_campaign_list(const Step& step) {
  if (step.kind == StepKind::ListPools) return true;
  return step.kind == StepKind::Request && step.api == "management" && step.method == "GET" &&
         step.path.ends_with("ring_pools.json");
}

// True when a tier judged in `profile` checks more of the list than the run's own pools.
bool judges_whole_list(const Step& step, Profile profile) {
  const std::pair<const Expectations*, Level> tiers[] = {
      {&step.expect.doc, Level::Doc}, {&step.expect.dec, Level::Dec}, {&step.expect.ref, Level::Ref}};
  for (const auto& [tier, level] : tiers) {
    if (!profile_checks(profile, level)) continue;
    for (const Expectation& check : tier->checks)
      if (std::find(kOwnPoolsListKeys.begin(), kOwnPoolsListKeys.end(), check.key->name) == kOwnPoolsListKeys.end())
        return true;
  }
  return false;
}

// The capability of the control endpoint a `request` step addresses, or empty.
std::string_view control_capability(const Step& step) {
  if (step.kind != StepKind::Request || step.api != "control") return {};
  const ControlEndpoint* endpoint = control_endpoint_of(step.method, step.path);
  return endpoint == nullptr ? std::string_view() : endpoint->capability;
}

bool creates_local_pool(const Step& step) {
  if (step.kind != StepKind::CreatePool && step.kind != StepKind::UpdatePool) return false;
  if (step.body_json && step.body_json->is_object() && step.body_json->contains("local_center")) return true;
  return step.body_text && step.body_text->find("local_center") != std::string::npos;
}

// The lane one step alone would put its scenario in.
Lane step_lane(const Step& step, Profile profile) {
  const std::string_view control = control_capability(step);
  if (step.kind == StepKind::SetBulk || control == capability::kReset || control == capability::kBulkEnablement ||
      step.kind == StepKind::UsePool || (is_campaign_list(step) && judges_whole_list(step, profile)))
    return Lane::Exclusive;
  if (moves_clock(step)) return Lane::ClockMover;
  if (step.kind == StepKind::Allocate || step.kind == StepKind::Bulk || step.kind == StepKind::Inspect ||
      (step.kind == StepKind::Request && (step.api == "allocation" || step.api == "bulk")) || !control.empty() ||
      creates_local_pool(step))
    return Lane::TimeSensitive;
  return Lane::Independent;
}

}  // namespace

const char* lane_name(Lane lane) {
  switch (lane) {
    case Lane::Independent: return "independent";
    case Lane::TimeSensitive: return "time-sensitive";
    case Lane::ClockMover: return "clock-mover";
    case Lane::Exclusive: return "exclusive";
  }
  return "?";
}

bool moves_clock(const Step& step) {
  return step.kind == StepKind::Advance || control_capability(step) == capability::kClockAdvance;
}

LanePlacement lane_of(const Scenario& scenario, Profile profile) {
  LanePlacement placement;
  if (scenario.world || scenario.world_append) {
    placement.lane = Lane::Exclusive;
    placement.why = "the scenario loads a world of its own (reset)";
    return placement;
  }
  for (std::size_t index = 0; index < scenario.steps.size(); ++index) {
    const Step& step = scenario.steps[index];
    if (step_idle_in(step, profile)) continue;
    const Lane lane = step_lane(step, profile);
    if (lane == Lane::ClockMover) placement.last_clock_step = index;
    if (static_cast<int>(lane) > static_cast<int>(placement.lane)) {
      placement.lane = lane;
      placement.why = step.title;
    }
  }
  if (placement.lane != Lane::ClockMover) placement.last_clock_step.reset();
  return placement;
}

std::size_t estimated_requests(const Scenario& scenario, Profile profile) {
  std::size_t requests = scenario.world || scenario.world_append ? 2 : 0;  // the world set, then restored
  std::set<std::string> created;
  for (const Step& step : scenario.steps) {
    const StepKindInfo& kind = step_kind_info(step.kind);
    if (!kind.sends_request || step_idle_in(step, profile)) continue;
    requests += static_cast<std::size_t>(std::max(step.repeat, 1));
    if (kind.creates_pool) created.insert(step.alias);
  }
  return requests + created.size();
}

}  // namespace ringpool::conformance
