#include "conformance/runner.hpp"

#include "conformance/cleanup.hpp"
#include "conformance/lane_gate.hpp"
#include "conformance/redaction.hpp"
#include "conformance/request_pacer.hpp"
#include "conformance/scenario_lanes.hpp"
#include "conformance/scenario_run.hpp"
#include "reference/world_file/world_toml.hpp"

#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace ringpool::conformance {

namespace {

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// Capabilities `after` lacks that `before` had: what a scenario found missing during its run.
std::vector<std::pair<std::string, std::string>> lost_between(const Capabilities& before, const Capabilities& after) {
  std::vector<std::pair<std::string, std::string>> lost;
  for (const auto& [name, why] : after.absent)
    if (!before.absent.contains(name)) lost.emplace_back(name, why);
  return lost;
}

int dispatch_rank(Lane lane) {
  switch (lane) {
    case Lane::Exclusive: return 0;
    case Lane::TimeSensitive: return 1;
    case Lane::ClockMover: return 2;
    case Lane::Independent: return 3;
  }
  return 3;
}

// Everything the workers share, behind one lock: which scenarios wait, the lanes in flight, the
// results so far, and the release of results to the listener in scenario order. Released results
// are the ones a run of one scenario after another would give: a capability one scenario found
// missing makes every later scenario that needs it skipped (as the one-at-a-time run skips it at
// its start), whichever finished first.
class RunBoard {
 public:
  RunBoard(const std::vector<Scenario>& scenarios, const RunOptions& options, RunListener* listener, bool shares_server)
      : scenarios_(scenarios), options_(options), listener_(listener), redactor_(options.description, options.control_token),
        released_capabilities_(options.capabilities), results_(scenarios.size()), losses_(scenarios.size()) {
    for (const Scenario& scenario : scenarios)
      placements_.push_back(shares_server ? lane_of(scenario, options.profile) : LanePlacement{});
    for (std::size_t i = 0; i < scenarios.size(); ++i) pending_.push_back(i);
    // One at a time, scenarios run in order (as they always did). Several at a time: exclusive
    // ones first (alone), then the time-sensitive ones side by side, then the clock-movers one
    // after another (the first starts its steps while the last time-sensitive ones finish);
    // independent ones fill every worker the others leave free. Within a lane the longest first,
    // so that the run ends sooner.
    if (options.jobs > 1)
      std::stable_sort(pending_.begin(), pending_.end(), [&](std::size_t a, std::size_t b) {
        const auto key = [&](std::size_t i) {
          return std::pair(dispatch_rank(placements_[i].lane),
                           -static_cast<long long>(estimated_requests(scenarios_[i], options_.profile)));
        };
        return key(a) < key(b);
      });
  }

  // Runs scenarios on `target` until none is left; several workers call it at once.
  void work(Target& target);

  // The results, in scenario order; an interrupted run has none for the scenarios it never
  // started, and hands the listener the ones it held back behind them.
  std::vector<ScenarioResult> take_results() {
    release_ready(/*past_gaps=*/true);
    std::vector<ScenarioResult> out;
    for (auto& result : results_)
      if (result) out.push_back(std::move(*result));
    return out;
  }
  bool interrupted() const { return options_.interrupted != nullptr && options_.interrupted->load(); }
  const Capabilities& final_capabilities() const { return released_capabilities_; }

 private:
  class WorkerListener;

  // The next scenario this worker may start (removed from pending), or none when none is left;
  // waits while scenarios are left but none may start.
  std::optional<std::size_t> next(std::unique_lock<std::mutex>& lock) {
    while (!pending_.empty() && !interrupted()) {  // once interrupted, no scenario starts
      for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        const std::size_t index = *it;
        if (!scenario_unrunnable(scenarios_[index], options_, released_capabilities_) &&
            !gate_.may_start(placements_[index].lane))
          continue;
        pending_.erase(it);
        return index;
      }
      changed_.wait(lock);
    }
    return std::nullopt;
  }

  ScenarioResult run_one(Target& target, std::size_t index, Capabilities& capabilities, std::unique_lock<std::mutex>& lock);
  void store(std::size_t index, ScenarioResult result, const Capabilities& before, const Capabilities& after);
  void release_ready(bool past_gaps = false);

  const std::vector<Scenario>& scenarios_;
  const RunOptions& options_;
  RunListener* listener_;
  const Redactor redactor_;
  std::vector<LanePlacement> placements_;
  std::vector<std::size_t> pending_;
  LaneGate gate_;
  Capabilities released_capabilities_;  // as of the results released so far
  std::vector<std::optional<ScenarioResult>> results_;
  std::vector<std::vector<std::pair<std::string, std::string>>> losses_;
  std::size_t next_release_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
};

// The listener a worker hands run_scenario: the run's listener, one call at a time, and the
// clock-mover's side of the gate (it moves the clock only when it may, and lets go after its last
// clock step).
class RunBoard::WorkerListener final : public RunListener {
 public:
  WorkerListener(RunBoard& board, std::size_t index) : board_(board), index_(index) {}
  void exchanged(ApiKind api, const api::Request& request, const ResponseView& response) override {
    if (board_.listener_ == nullptr) return;
    const std::lock_guard lock(board_.mutex_);
    board_.listener_->exchanged(api, request, response);
  }
  void step_starting(const Step& step) override {
    if (!holds_clock() || !moves_clock(step)) return;
    std::unique_lock lock(board_.mutex_);
    board_.changed_.wait(lock, [&] { return board_.gate_.may_move_clock(); });
  }
  void step_finished(const Step& step) override {
    const LanePlacement& placement = board_.placements_[index_];
    if (!holds_clock() || &step != &board_.scenarios_[index_].steps[*placement.last_clock_step]) return;
    const std::lock_guard lock(board_.mutex_);
    board_.gate_.release_clock();
    released_ = true;
    board_.changed_.notify_all();
  }
  void steps_done() override {
    const Lane lane = board_.placements_[index_].lane;
    if (lane == Lane::Independent || lane == Lane::Exclusive) return;
    const std::lock_guard lock(board_.mutex_);
    board_.gate_.steps_done(lane, holds_clock());
    released_ = true;
    lane_now_ = Lane::Independent;
    board_.changed_.notify_all();
  }
  // The lane the scenario counts in now, and whether it still holds the clock (for finish).
  Lane lane_now() const { return lane_now_; }
  bool still_held_clock() const { return lane_now_ == Lane::ClockMover && !released_; }

 private:
  bool holds_clock() const { return board_.placements_[index_].lane == Lane::ClockMover && !released_; }
  RunBoard& board_;
  std::size_t index_;
  Lane lane_now_ = board_.placements_[index_].lane;
  bool released_ = false;
};

void RunBoard::work(Target& target) {
  std::unique_lock lock(mutex_);
  while (const std::optional<std::size_t> index = next(lock)) {
    Capabilities capabilities = released_capabilities_;
    const Capabilities before = capabilities;
    ScenarioResult result = run_one(target, *index, capabilities, lock);
    store(*index, std::move(result), before, capabilities);
    release_ready();
    changed_.notify_all();
  }
}

// Runs scenario `index` with the lock released (taken again on return); a scenario the released
// capabilities already rule out is skipped without touching the target.
ScenarioResult RunBoard::run_one(Target& target, std::size_t index, Capabilities& capabilities,
                                 std::unique_lock<std::mutex>& lock) {
  const Scenario& scenario = scenarios_[index];
  if (auto why = scenario_unrunnable(scenario, options_, capabilities)) return skipped_scenario(scenario, options_, *why);
  const Lane lane = placements_[index].lane;
  gate_.start(lane);
  if (listener_ != nullptr) listener_->scenario_started(scenario, index, scenarios_.size());
  lock.unlock();
  WorkerListener hears(*this, index);
  const auto started = std::chrono::steady_clock::now();
  ScenarioResult result = run_scenario(target, scenario, options_, capabilities, &hears);
  result.wall_ms = options_.deterministic ? 0 : elapsed_ms(started);
  lock.lock();
  gate_.finish(hears.lane_now(), hears.still_held_clock());
  return result;
}

void RunBoard::store(std::size_t index, ScenarioResult result, const Capabilities& before, const Capabilities& after) {
  redactor_.redact(result);  // before any listener or report sees it
  results_[index] = std::move(result);
  losses_[index] = lost_between(before, after);
}

// Hands the listener every result whose predecessors are all in, in order: a scenario that a
// capability found missing by an earlier one rules out becomes the skip the one-at-a-time run
// gives it; the others' losses then count for the ones after. `past_gaps`: the run is over (it was
// interrupted), so scenarios that never started are passed over.
void RunBoard::release_ready(bool past_gaps) {
  while (next_release_ < results_.size() && (results_[next_release_] || past_gaps)) {
    const std::size_t index = next_release_++;
    if (!results_[index]) continue;
    const Scenario& scenario = scenarios_[index];
    ScenarioResult& result = *results_[index];
    if (auto why = scenario_unrunnable(scenario, options_, released_capabilities_)) {
      if (result.outcome != Outcome::Skipped || result.reason != *why || !result.checks.empty()) {
        result = skipped_scenario(scenario, options_, *why);
        redactor_.redact(result);
      }
    } else {
      for (auto& [name, why_lost] : losses_[index]) released_capabilities_.lose(name, why_lost);
    }
    if (listener_ != nullptr) listener_->scenario_finished(result, index, results_.size());
  }
}

RunResult run_on_workers(std::vector<Target*> targets, const std::vector<Scenario>& scenarios, const RunOptions& options,
                         RunListener* listener) {
  const auto started = std::chrono::steady_clock::now();
  RunResult run;
  run.tool_version = options.tool_version;
  run.target = targets.front()->describe();
  run.profile = options.profile;
  run.seed = options.seed;
  run.run_id = options.run_id;

  std::optional<RequestPacer> pacer;
  if (options.requests_per_second_max > 0) pacer.emplace(options.requests_per_second_max);
  std::vector<std::unique_ptr<PacedTarget>> paced;
  if (pacer)
    for (Target*& target : targets) target = paced.emplace_back(std::make_unique<PacedTarget>(*target, *pacer)).get();

  RunBoard board(scenarios, options, listener, !targets.front()->begins_afresh());
  if (targets.size() == 1) {
    board.work(*targets.front());
  } else {
    std::vector<std::jthread> workers;
    for (Target* target : targets) workers.emplace_back([&board, target] { board.work(*target); });
  }
  run.scenarios = board.take_results();
  run.interrupted = board.interrupted();
  if (!targets.front()->begins_afresh()) {
    // Only the prefixes of the scenarios this call ran: runs alongside (check's jobs) keep theirs.
    std::vector<std::string> prefixes;
    for (const ScenarioResult& result : run.scenarios) prefixes.push_back(scenario_run_prefix(options.run_id, result.id));
    run.leftover_pools = remove_run_leftovers(*targets.front(), options.description, prefixes, run);
  }
  const Capabilities& capabilities = board.final_capabilities();
  run.capabilities.assign(capabilities.present.begin(), capabilities.present.end());
  run.missing_capabilities.assign(capabilities.absent.begin(), capabilities.absent.end());
  run.wall_ms = options.deterministic ? 0 : elapsed_ms(started);
  return run;
}

}  // namespace

std::string scenario_run_prefix(const std::string& run_id, const std::string& scenario_id) {
  return fmt::format("{}-{}", run_id, sim::Rng(sim::fnv1a64(scenario_id)).hex(6));
}

std::optional<std::string> scenario_world(const Scenario& scenario) {
  if (scenario.world) return scenario.world;
  if (scenario.world_append) return std::string(world_file::default_world_toml()) + "\n" + *scenario.world_append + "\n";
  return std::nullopt;
}

RunResult run_scenarios(Target& target, const std::vector<Scenario>& scenarios, const RunOptions& options,
                        RunListener* listener) {
  RunOptions one_at_a_time = options;
  one_at_a_time.jobs = 1;
  return run_on_workers({&target}, scenarios, one_at_a_time, listener);
}

RunResult run_scenarios(const TargetFactory& make_target, const std::vector<Scenario>& scenarios, const RunOptions& options,
                        RunListener* listener) {
  std::vector<std::unique_ptr<Target>> owned;
  const std::size_t workers = std::clamp<std::size_t>(std::min(options.jobs, scenarios.size()), 1, 256);
  for (std::size_t i = 0; i < workers; ++i) owned.push_back(make_target());
  std::vector<Target*> targets;
  for (auto& target : owned) targets.push_back(target.get());
  return run_on_workers(std::move(targets), scenarios, options, listener);
}

}  // namespace ringpool::conformance
