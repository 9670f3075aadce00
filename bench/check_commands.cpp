// `ringpool check` commands per second in process, on one core (issue 10 goal: >= 100,000/s).
// Runs of `ringpool check` against the in-process reference (strict profile): each run builds
// its scenario from the permissive model, reads it with the scenario parser and runs it on a
// fresh default world. Measured per CPU second of this thread, median of 5 rounds; the baseline
// measured in the same rounds is the fresh world alone (begin_scenario), which every run pays.
//
// Usage: ringpool_bench_check [runs per round]   (default 200; runs of up to 200 commands)
// Prints one line: commands_per_second=<n> commands_per_second_without_world=<n>
// runs_per_second=<n> world_ms=<n> commands_per_run=<n>
#include "bench/bench_support.hpp"
#include "conformance/probe.hpp"
#include "conformance/property_check.hpp"
#include "conformance/reference_target.hpp"

#include <cstdio>

using namespace ringpool;
namespace prop = ringpool::conformance::property;

int main(int argc, char** argv) {
  const std::int64_t runs = bench::count_argument(argc, argv, 200);
  constexpr int kRounds = 5;
  conformance::ReferenceTarget target("bench-control");
  prop::CheckOptions options;
  options.max_steps = 200;
  options.run.profile = conformance::Profile::Strict;
  options.run.seed = 1;
  options.run.run_id = "bench";
  options.run.description = conformance::default_world_description();
  options.run.control_token = "bench-control";
  options.run.deterministic = true;
  options.run.capabilities = conformance::probe_capabilities(target, options.run.description, "bench-control");

  std::vector<double> rates, bare_rates, run_rates, world_ms;
  double commands_per_run = 0;
  std::size_t index = 0;
  for (int round = 0; round < kRounds; ++round) {
    // The baseline: the fresh world each run starts from.
    const double world_start = bench::thread_cpu_seconds();
    for (std::int64_t i = 0; i < runs; ++i) (void)target.begin_scenario(static_cast<std::uint64_t>(i), std::nullopt);
    const double world_seconds = (bench::thread_cpu_seconds() - world_start) / static_cast<double>(runs);

    std::size_t commands = 0;
    const double start = bench::thread_cpu_seconds();
    for (std::int64_t i = 0; i < runs; ++i, ++index) {
      const auto drawn = prop::run_commands(options.run.seed, index, options, nullptr);
      const prop::RunOutcome outcome = prop::run_once(target, drawn, options, index);
      if (outcome.outcome != conformance::Outcome::Passed) {
        std::fprintf(stderr, "run %zu did not pass (%s): the benchmark needs a passing reference\n", index,
                     outcome.clause.c_str());
        return 1;
      }
      commands += outcome.commands;
    }
    const double seconds = bench::thread_cpu_seconds() - start;
    rates.push_back(static_cast<double>(commands) / seconds);
    bare_rates.push_back(static_cast<double>(commands) / (seconds - world_seconds * static_cast<double>(runs)));
    run_rates.push_back(static_cast<double>(runs) / seconds);
    world_ms.push_back(world_seconds * 1000);
    commands_per_run = static_cast<double>(commands) / static_cast<double>(runs);
  }
  std::printf(
      "commands_per_second=%.0f commands_per_second_without_world=%.0f runs_per_second=%.0f world_ms=%.3f "
      "commands_per_run=%.1f\n",
      bench::median(rates), bench::median(bare_rates), bench::median(run_rates), bench::median(world_ms), commands_per_run);
  return 0;
}
