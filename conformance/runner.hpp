// Runs scenarios against a target and collects what happened. Progress goes to a listener; the
// result is a RunResult that every report is written from. With jobs > 1, several scenarios run at
// once, each on a target of its own; against a live server they share it by lanes
// (scenario_lanes.hpp, lane_gate.hpp). The result is the same whatever jobs is: it is the result
// of running the scenarios one after another, in order.
#pragma once

#include "conformance/capabilities.hpp"
#include "conformance/results.hpp"
#include "conformance/scenario.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ringpool::conformance {

struct RunOptions {
  Profile profile = Profile::Strict;
  std::uint64_t seed = 1;
  std::string run_id;  // prefix of every id the run creates on the target
  TargetDescription description;
  Capabilities capabilities;  // what the target has (probe.hpp); a run may find more missing
  std::string control_token;
  // The command that reproduces a scenario, without its --scenarios argument.
  std::string reproduce_prefix;
  // Zero every wall time, so that the same seed gives byte-identical reports.
  bool deterministic = false;
  std::string tool_version;
  // Set (by SIGINT) to end the run early: the scenario under way stops between steps and cleans
  // up, no other starts, and the run's leftovers are still removed (cleanup.hpp).
  const std::atomic<bool>* interrupted = nullptr;
  // Scenarios in flight at once (--jobs); one target each.
  std::size_t jobs = 1;
  // At most this many requests a second over the whole run, all scenarios together (--max-rate);
  // 0: no cap.
  double requests_per_second_max = 0;
};

class ResponseView;

class RunListener {
 public:
  virtual ~RunListener() = default;
  virtual void scenario_started(const Scenario&, std::size_t /*index*/, std::size_t /*total*/) {}
  // Every answer the scenario got, as the runner read it (its body parsed once for both;
  // `ringpool check`'s coverage goals are seen here): the steps' and the clean-up's.
  virtual void exchanged(ApiKind, const api::Request&, const ResponseView&) {}
  // Around each step of a scenario (all its repetitions), on the thread that runs it.
  virtual void step_starting(const Step&) {}
  virtual void step_finished(const Step&) {}
  // Every step of the scenario that could run has run; what is left is its clean-up (deleting its
  // own pools, restoring the default world after one of its own).
  virtual void steps_done() {}
  // Each scenario's final result, in scenario order whatever jobs is.
  virtual void scenario_finished(const ScenarioResult&, std::size_t /*index*/, std::size_t /*total*/) {}
};
// With jobs > 1 the listener is called from several threads, one call at a time.

// Makes the target of one worker (jobs > 1: each scenario in flight has its own connection).
using TargetFactory = std::function<std::unique_ptr<Target>()>;

// A control endpoint that answers 404, 405 or 501 during the run (to a step that did not expect
// it) makes its scenario skipped, and its capability missing for the rest of the run. Results
// carry no token (redaction.hpp). On a live target, every pool of the run still listed at the end
// is deleted again, and what stays is in RunResult::leftover_pools.
// One scenario at a time on `target` (options.jobs is not used).
RunResult run_scenarios(Target& target, const std::vector<Scenario>& scenarios, const RunOptions& options,
                        RunListener* listener = nullptr);
// options.jobs scenarios at a time, each worker on a target `make_target` makes.
RunResult run_scenarios(const TargetFactory& make_target, const std::vector<Scenario>& scenarios, const RunOptions& options,
                        RunListener* listener = nullptr);

// ${run} of a scenario: the run id and a digest of the scenario's id, so that scenarios of one run
// (and runs of one check) never share an id, whichever ran first or alongside.
std::string scenario_run_prefix(const std::string& run_id, const std::string& scenario_id);

// The world a scenario runs on: its own, the default world with its additions, or none (keep).
std::optional<std::string> scenario_world(const Scenario& scenario);

}  // namespace ringpool::conformance
