#include "conformance/property_check.hpp"

#include "conformance/clause_catalogue.hpp"
#include "conformance/property_differential.hpp"
#include "conformance/property_scenario.hpp"
#include "conformance/scenario_parser.hpp"
#include "reference/world_file/world_toml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace ringpool::conformance::property {

namespace {

// The first failed check of a result (the clause a run is judged by), or null.
const CheckResult* first_failure(const ScenarioResult& result) {
  for (const CheckResult& check : result.checks)
    if (check.outcome == Outcome::Failed) return &check;
  return nullptr;
}

std::string kebab(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

ScenarioOrigin origin_of(const CheckOptions& options, std::size_t index, const std::string& swarm) {
  return {fmt::format("check run {} of seed {}", index + 1, options.run.seed),
          fmt::format("Written by `ringpool check --seed {}` (run {}; swarm: {}).", options.run.seed, index + 1, swarm)};
}

}  // namespace

std::vector<Command> run_commands(std::uint64_t seed, std::size_t index, const CheckOptions& options, std::string* swarm) {
  const sim::Rng run = sim::Rng(seed).stream("check").stream(fmt::format("run-{}", index));
  sim::Rng swarm_stream = run.stream("swarm");
  const SwarmConfig config = draw_swarm(swarm_stream, options.limits, options.max_steps);
  if (swarm != nullptr) *swarm = config.describe();
  sim::Rng command_stream = run.stream("commands");
  return generate_commands(command_stream, config, options.max_steps);
}

RunOutcome run_once(Target& target, const std::vector<Command>& commands, const CheckOptions& options, std::size_t index,
                    ScenarioResult* result) {
  RunOutcome outcome;
  // The table the saved file would print, read without printing and re-parsing it.
  const toml::table table = scenario_table(commands, origin_of(options, index, ""), &outcome.commands, options.limits);
  auto scenario = parse_scenario_table(table, "check", fmt::format("check/run-{}", index + 1), ClauseCatalogue::builtin());
  if (!scenario) {
    // The model wrote a file the vocabulary refuses: a bug of the checker, never the target's.
    outcome.outcome = Outcome::Unknown;
    outcome.reason = "the checker wrote an invalid scenario: " + scenario.error();
    return outcome;
  }
  if (options.reset_each_run)
    if (auto reset = target.begin_scenario(index + 1, std::string(world_file::default_world_toml())); !reset) {
      outcome.outcome = Outcome::Unknown;
      outcome.reason = reset.error();
      return outcome;
    }
  const NetworkContext* bulk_context = options.run.description.context("bulk");
  CoverageObserver observed(bulk_context != nullptr ? bulk_context->advertiser : std::string("adv-bulk"));
  RunOptions run = options.run;
  run.run_id = fmt::format("{}-{}", options.run.run_id, index + 1);
  std::vector<Scenario> scenarios;
  scenarios.push_back(std::move(*scenario));  // a braced list would copy every step
  RunResult ran = run_scenarios(target, scenarios, run, &observed);
  ScenarioResult& only = ran.scenarios.front();
  if (auto* differential = dynamic_cast<DifferentialTarget*>(&target))
    if (std::optional<Divergence> divergence = differential->take_divergence()) {
      // The live server answered otherwise than the reference. It is the run's first failure: a
      // wrong answer the model sees is also a divergence, at the same request or after an earlier
      // one. (Judged by the model's clause instead, a shorter list that shows the divergence but
      // not the model's failure would not count, and shrinking would stall.) The model's failed
      // checks stay in the result, after it.
      only.outcome = Outcome::Failed;
      only.checks.insert(only.checks.begin(), CheckResult{"T-2", Level::Dec, divergence->request_line,
                                        "same answer as the in-process reference", divergence->reference,
                                        divergence->live + " (" + divergence->difference + ")", Outcome::Failed, std::nullopt});
      outcome.divergence = divergence->describe();
    }
  outcome.outcome = only.outcome;
  outcome.reason = only.reason;
  outcome.coverage = observed.coverage();
  if (const CheckResult* failed = first_failure(only)) outcome.clause = failed->clause;
  if (result != nullptr) *result = std::move(only);
  return outcome;
}

namespace {

class Shrinker {
 public:
  Shrinker(Target& target, const CheckOptions& options, std::size_t index, std::string clause, CheckListener* listener)
      : target_(target), options_(options), index_(index), clause_(std::move(clause)), listener_(listener) {}

  std::size_t tries = 0;

  // Still fails, on the same clause?
  bool fails(const std::vector<Command>& commands) {
    if (tries >= options_.max_shrink_runs) return false;
    ++tries;
    if (listener_ != nullptr && tries % 16 == 0) listener_->shrinking(tries, commands.size());
    const RunOutcome outcome = run_once(target_, commands, options_, index_);
    return outcome.outcome == Outcome::Failed && outcome.clause == clause_;
  }

  // Delta debugging (remove_commands); then simpler commands: merged bursts, smaller pools,
  // smaller bursts, fewer Bulk rows.
  std::vector<Command> shrink(std::vector<Command> current) {
    current = remove_commands(effective_commands(current, options_.limits));
    // Then simpler commands: neighbouring allocations from one pool as one burst, smaller pools;
    // each shortens the list or what a reader must follow, and deleting may go further after it.
    bool simpler = false;
    for (std::size_t i = 0; i + 1 < current.size();) {
      if (current[i].kind == CommandKind::Allocate && current[i + 1].kind == CommandKind::Allocate &&
          current[i].slot == current[i + 1].slot) {
        std::vector<Command> candidate = current;
        candidate[i].count += candidate[i + 1].count;
        candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        if (fails(candidate)) {
          current = std::move(candidate);
          simpler = true;
          continue;
        }
      }
      ++i;
    }
    for (std::size_t i = 0; i < current.size(); ++i)
      while ((current[i].kind == CommandKind::Create || current[i].kind == CommandKind::CreateLocal) &&
             current[i].max_pool_size.value_or(2) > 1) {
        std::vector<Command> candidate = current;
        candidate[i].max_pool_size = std::max<std::int64_t>(1, current[i].max_pool_size.value_or(2) / 2);
        if (!fails(candidate)) break;
        current = std::move(candidate);
        simpler = true;
      }
    if (simpler) current = remove_commands(effective_commands(current, options_.limits));
    for (std::size_t i = 0; i < current.size(); ++i) {
      while (current[i].kind == CommandKind::Allocate && current[i].count > 1) {
        std::vector<Command> candidate = current;
        --candidate[i].count;
        if (!fails(candidate)) break;
        current = candidate;
      }
      for (std::size_t row = 0; current[i].kind == CommandKind::Bulk && current[i].rows.size() > 1 && row < current[i].rows.size();) {
        std::vector<Command> candidate = current;
        candidate[i].rows.erase(candidate[i].rows.begin() + static_cast<std::ptrdiff_t>(row));
        if (fails(candidate)) current = candidate;
        else ++row;
      }
    }
    return current;
  }

  // Delta debugging: drops chunks of commands, halving the chunk size, while the run still fails.
  std::vector<Command> remove_commands(std::vector<Command> current) {
    for (std::size_t chunk = std::max<std::size_t>(1, current.size() / 2); chunk >= 1;) {
      bool removed = false;
      for (std::size_t start = 0; start < current.size();) {
        std::vector<Command> candidate;
        for (std::size_t i = 0; i < current.size(); ++i)
          if (i < start || i >= start + chunk) candidate.push_back(current[i]);
        if (fails(candidate)) {
          current = effective_commands(candidate, options_.limits);
          removed = true;
        } else {
          start += chunk;
        }
      }
      if (!removed) {
        if (chunk == 1) break;
        chunk /= 2;
      }
    }
    return current;
  }

 private:
  Target& target_;
  const CheckOptions& options_;
  std::size_t index_;
  std::string clause_;
  CheckListener* listener_;
};

}  // namespace

CheckSummary run_check(const TargetFactory& make_target, const CheckOptions& options, CheckListener* listener) {
  CheckSummary result;
  const std::size_t jobs = std::max<std::size_t>(1, options.jobs);
  std::vector<std::unique_ptr<Target>> targets;
  for (std::size_t i = 0; i < jobs; ++i) targets.push_back(make_target());

  // Runs go in batches; within a batch workers take indices in turn, and results are read back
  // in index order, so the first failure (and everything reported) is the same for any --jobs.
  const std::size_t batch = std::max<std::size_t>(32, jobs * 16);
  std::optional<std::size_t> failed_index;
  std::string failed_swarm;
  for (std::size_t first = 0; first < options.runs && !failed_index; first += batch) {
    const std::size_t last = std::min(options.runs, first + batch);
    std::vector<RunOutcome> outcomes(last - first);
    std::atomic<std::size_t> next{first};
    auto work = [&](Target& target) {
      for (std::size_t index = next++; index < last; index = next++) {
        std::string swarm;
        const std::vector<Command> commands = run_commands(options.run.seed, index, options, &swarm);
        outcomes[index - first] = run_once(target, commands, options, index);
        outcomes[index - first].swarm = std::move(swarm);
      }
    };
    if (jobs == 1) {
      work(*targets[0]);
    } else {
      std::vector<std::jthread> workers;
      for (std::size_t j = 0; j < jobs; ++j) workers.emplace_back([&, j] { work(*targets[j]); });
    }
    for (std::size_t index = first; index < last; ++index) {
      const RunOutcome& outcome = outcomes[index - first];
      result.run_log.push_back(RunRecord{index, outcome.swarm, outcome.commands, outcome.outcome, outcome.clause});
      if (listener != nullptr) listener->run_finished(options.run.seed, result.run_log.back());
      ++result.runs;
      result.commands += outcome.commands;
      result.coverage.merge(outcome.coverage);
      if (outcome.outcome == Outcome::Passed) ++result.passed;
      if (outcome.outcome == Outcome::Skipped || outcome.outcome == Outcome::Unknown) {
        ++(outcome.outcome == Outcome::Skipped ? result.skipped : result.unknown);
        if (std::find(result.skip_reasons.begin(), result.skip_reasons.end(), outcome.reason) == result.skip_reasons.end())
          result.skip_reasons.push_back(outcome.reason);
      }
      if (outcome.outcome == Outcome::Failed) {
        failed_index = index;
        failed_swarm = outcome.swarm;
        break;
      }
    }
    if (listener != nullptr) listener->runs_done(result.runs, options.runs);
  }
  if (!failed_index) return result;

  Failure failure;
  failure.run_index = *failed_index;
  failure.swarm = failed_swarm;
  failure.original = effective_commands(run_commands(options.run.seed, *failed_index, options, nullptr), options.limits);
  Target& target = *targets[0];
  failure.clause = run_once(target, failure.original, options, *failed_index).clause;
  Shrinker shrinker(target, options, *failed_index, failure.clause, listener);
  failure.shrunk = shrinker.shrink(failure.original);
  failure.shrink_runs = shrinker.tries;
  ScenarioOrigin origin = origin_of(options, *failed_index, failed_swarm);
  failure.divergence = run_once(target, failure.shrunk, options, *failed_index, &failure.replay).divergence;
  if (const CheckResult* failed = first_failure(failure.replay)) {
    failure.what = failed->what;
    origin.title = fmt::format("check: {} {} (shrunk from run {} of seed {})", failure.clause, failed->what,
                               *failed_index + 1, options.run.seed);
  }
  origin.description += fmt::format(
      "\nShrunk from {} to {} commands in {} tries; every expectation is one any conforming server meets (the "
      "permissive model of conformance/property_scenario.hpp), so keep this file once the bug is fixed.",
      failure.original.size(), failure.shrunk.size(), failure.shrink_runs);
  if (!failure.divergence.empty())
    origin.description += fmt::format(
        "\nFound by `ringpool check --differential`: the live server's answer differed from the in-process "
        "reference's (T-2), which `ringpool conform` alone does not compare:\n{}", failure.divergence);
  failure.scenario_toml = scenario_toml(failure.shrunk, origin, options.limits);
  result.failure = std::move(failure);
  return result;
}

std::string regression_file_name(const Failure& failure) {
  return fmt::format("{}-{}.toml", kebab(failure.clause), kebab(failure.what.empty() ? "failure" : failure.what));
}

}  // namespace ringpool::conformance::property
