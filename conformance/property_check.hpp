// `ringpool check`'s engine (issue 10): random runs of commands against a target, each judged by
// the permissive model (property_scenario.*) through the ordinary scenario runner; the first
// failing run (lowest index, so the answer does not depend on --jobs) is shrunk to a minimal
// command list that still fails the same clause, and that scenario is what gets saved.
#pragma once

#include "conformance/property_commands.hpp"
#include "conformance/property_coverage.hpp"
#include "conformance/runner.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ringpool::conformance::property {

struct CheckOptions {
  std::size_t runs = 100;
  std::size_t max_steps = 40;
  std::size_t jobs = 1;
  std::size_t max_shrink_runs = 3000;
  GeneratorLimits limits;
  // A live target with the control API's reset: each run starts from its default world, so that
  // runs do not drain its inventory for the next ones (runs then go one at a time).
  bool reset_each_run = false;
  // profile, seed, description, capabilities, control token, run_id (a prefix: each run adds
  // "-<index>"), deterministic, tool_version. reproduce_prefix: the `conform` command a saved
  // file is replayed with (without --scenarios).
  RunOptions run;
};

// What one run drew and how it ended.
struct RunOutcome {
  std::string swarm;
  std::size_t commands = 0;  // effective commands sent
  Outcome outcome = Outcome::Passed;
  std::string clause;        // of the first failed check
  std::string reason;        // skipped / unknown
  Coverage coverage;
  std::string divergence;    // differential mode: the first difference (Divergence::describe), if it failed the run
};

struct Failure {
  std::size_t run_index = 0;  // 0-based
  std::string swarm;
  std::vector<Command> original;
  std::vector<Command> shrunk;
  std::size_t shrink_runs = 0;
  std::string clause;
  std::string what;          // the failed check's "what", for the file name
  std::string scenario_toml; // the shrunk scenario
  ScenarioResult replay;     // the shrunk scenario's result (failed)
  std::string divergence;    // differential mode: the shrunk run's difference (clause T-2), else empty
};

// One line per run judged, for the verbose output and the reports: what it drew, how it ended.
struct RunRecord {
  std::size_t index = 0;  // 0-based
  std::string swarm;
  std::size_t commands = 0;
  Outcome outcome = Outcome::Passed;
  std::string clause;  // of the first failed check
};

struct CheckSummary {
  std::vector<RunRecord> run_log;  // in run order
  std::size_t runs = 0;  // runs judged (up to and including the first failure)
  std::size_t passed = 0, skipped = 0, unknown = 0;
  std::size_t commands = 0;
  Coverage coverage;
  std::vector<std::string> skip_reasons;  // distinct, in order of first appearance
  std::optional<Failure> failure;
};

class CheckListener {
 public:
  virtual ~CheckListener() = default;
  virtual void runs_done(std::size_t /*done*/, std::size_t /*total*/) {}
  // Each run judged, in run order (whatever --jobs is), with the seed it was drawn from.
  virtual void run_finished(std::uint64_t /*seed*/, const RunRecord& /*run*/) {}
  virtual void shrinking(std::size_t /*tries*/, std::size_t /*length*/) {}
};

// Makes one target per worker (jobs) and one for shrinking.
using TargetFactory = std::function<std::unique_ptr<Target>()>;

// The commands of run `index` of `seed`, with its swarm configuration (one sim::Rng per check,
// named sub-streams per run, so a run is the same whatever ran before it and on whichever thread).
std::vector<Command> run_commands(std::uint64_t seed, std::size_t index, const CheckOptions& options, std::string* swarm);

// Runs one command list (the scenario the model makes of it) on `target`.
RunOutcome run_once(Target& target, const std::vector<Command>& commands, const CheckOptions& options,
                    std::size_t index, ScenarioResult* result = nullptr);

CheckSummary run_check(const TargetFactory& make_target, const CheckOptions& options, CheckListener* listener = nullptr);

// The run as the conformance reports show it: one entry for the random runs (its checks are the
// coverage goals, failed when never reached and `enforce_goals`, passed as "off" when the
// target's limits put them out of reach) and, on a failure, the shrunk scenario's result (id
// "regressions/<file name>"). Wall times are zeroed when options.run.deterministic.
RunResult check_run_result(const CheckSummary& result, const CheckOptions& options, const std::string& target_name,
                           const std::string& reproduce, bool enforce_goals);

// The scenario file name for a failure: "<clause>-<what>.toml" in kebab case ("p-1-values-given-more-than-once.toml").
std::string regression_file_name(const Failure& failure);

}  // namespace ringpool::conformance::property
