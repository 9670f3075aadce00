// `ringpool check` commands per second in process, on one core (issue 10 goal: >= 100,000/s).
// Runs of `ringpool check` against the in-process reference (strict profile), as run_once makes
// them: the model's scenario table read without printing it, a world built from the parsed
// default world. The baseline, measured in the same rounds on the same runs, is the path before
// that: the scenario printed as TOML and parsed back, and the world's TOML parsed for every run
// (a fresh ReferenceTarget per run). Also the fresh world alone (begin_scenario), which every
// run pays, and the service alone: the runs' requests recorded and replayed on fresh worlds, which
// bounds what any checker driving the real request/response path can reach. Measured per CPU
// second of this thread, median of 5 rounds.
//
// Usage: ringpool_bench_check [runs per round] [--no-baseline]   (default 200; runs of up to 200
// commands; --no-baseline: the new path only, for a profiler)
// Prints one line: commands_per_second=<n> baseline_commands_per_second=<n>
// commands_per_second_without_world=<n> service_only_commands_per_second=<n> runs_per_second=<n>
// world_ms=<n> commands_per_run=<n>
#include "bench/bench_support.hpp"
#include "conformance/clause_catalogue.hpp"
#include "conformance/probe.hpp"
#include "conformance/property_check.hpp"
#include "conformance/property_coverage.hpp"
#include "conformance/property_scenario.hpp"
#include "conformance/reference_target.hpp"
#include "conformance/scenario_parser.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <string_view>

using namespace ringpool;
namespace prop = ringpool::conformance::property;

namespace {

// Remembers every scenario begun and every request sent, for replaying them against the service
// alone (what the service costs of a run, without the checker around it).
class RecordingTarget final : public conformance::Target {
 public:
  struct Begun {
    std::uint64_t seed;
    std::optional<std::string> world;
    std::vector<std::pair<conformance::ApiKind, api::Request>> requests;
  };
  explicit RecordingTarget(conformance::Target& inner) : inner_(inner) {}
  std::string describe() const override { return inner_.describe(); }
  std::string base_url(conformance::ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world) override {
    begun.push_back(Begun{seed, world, {}});
    return inner_.begin_scenario(seed, world);
  }
  conformance::Exchange send(conformance::ApiKind api, const api::Request& request) override {
    if (!begun.empty()) begun.back().requests.emplace_back(api, request);
    return inner_.send(api, request);
  }
  std::vector<std::string_view> built_in_capabilities() const override { return inner_.built_in_capabilities(); }
  bool begins_afresh() const override { return inner_.begins_afresh(); }

  std::vector<Begun> begun;

 private:
  conformance::Target& inner_;
};

// One run the way run_once made it before: printed, parsed back, on a world parsed from its text.
conformance::Outcome baseline_run(const std::vector<prop::Command>& commands, const prop::CheckOptions& options,
                                  std::size_t index) {
  conformance::ReferenceTarget fresh(options.run.control_token);  // parses the world's TOML again
  const std::string text = prop::scenario_toml(commands, {"bench", "bench"});
  auto scenario = conformance::parse_scenario(text, "check", fmt::format("check/run-{}", index + 1),
                                              conformance::ClauseCatalogue::builtin());
  if (!scenario) return conformance::Outcome::Unknown;
  prop::CoverageObserver observed;
  conformance::RunOptions run = options.run;
  run.run_id = fmt::format("{}-{}", options.run.run_id, index + 1);
  return conformance::run_scenarios(fresh, {*scenario}, run, &observed).scenarios.front().outcome;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t runs = bench::count_argument(argc, argv, 200);
  const bool baseline = !(argc >= 3 && std::string_view(argv[2]) == "--no-baseline");
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

  std::vector<double> rates, baseline_rates, bare_rates, run_rates, world_ms, service_rates;
  double commands_per_run = 0;
  std::size_t index = 0;
  for (int round = 0; round < kRounds; ++round) {
    // The fresh world each run starts from.
    const double world_start = bench::thread_cpu_seconds();
    for (std::int64_t i = 0; i < runs; ++i) (void)target.begin_scenario(static_cast<std::uint64_t>(i), std::nullopt);
    const double world_seconds = (bench::thread_cpu_seconds() - world_start) / static_cast<double>(runs);

    std::size_t commands = 0;
    const double start = bench::thread_cpu_seconds();
    for (std::int64_t i = 0; i < runs; ++i) {
      const std::size_t run_index = index + static_cast<std::size_t>(i);
      // Drawing the commands is part of a run (both paths pay it).
      const auto commands_drawn = prop::run_commands(options.run.seed, run_index, options, nullptr);
      const prop::RunOutcome outcome = prop::run_once(target, commands_drawn, options, run_index);
      if (outcome.outcome != conformance::Outcome::Passed) {
        std::fprintf(stderr, "run %zu did not pass (%s): the benchmark needs a passing reference\n", run_index,
                     outcome.clause.c_str());
        return 1;
      }
      commands += outcome.commands;
    }
    const double seconds = bench::thread_cpu_seconds() - start;

    // The same runs' requests, recorded (untimed) and replayed against the service alone: a fresh
    // world per run and every request, nothing of the checker.
    RecordingTarget recorder(target);
    for (std::int64_t i = 0; i < runs; ++i) {
      const std::size_t run_index = index + static_cast<std::size_t>(i);
      (void)prop::run_once(recorder, prop::run_commands(options.run.seed, run_index, options, nullptr), options, run_index);
    }
    const double service_start = bench::thread_cpu_seconds();
    for (const RecordingTarget::Begun& run : recorder.begun) {
      (void)target.begin_scenario(run.seed, run.world);
      for (const auto& [api, request] : run.requests) (void)target.send(api, request);
    }
    service_rates.push_back(static_cast<double>(commands) / (bench::thread_cpu_seconds() - service_start));

    const double baseline_start = bench::thread_cpu_seconds();
    for (std::int64_t i = 0; baseline && i < runs; ++i) {
      const std::size_t run_index = index + static_cast<std::size_t>(i);
      const auto commands_drawn = prop::run_commands(options.run.seed, run_index, options, nullptr);
      if (baseline_run(commands_drawn, options, run_index) != conformance::Outcome::Passed) {
        std::fprintf(stderr, "baseline run %zu did not pass\n", run_index);
        return 1;
      }
    }
    const double baseline_seconds = bench::thread_cpu_seconds() - baseline_start;
    index += static_cast<std::size_t>(runs);

    rates.push_back(static_cast<double>(commands) / seconds);
    baseline_rates.push_back(baseline ? static_cast<double>(commands) / baseline_seconds : 0.0);
    bare_rates.push_back(static_cast<double>(commands) / (seconds - world_seconds * static_cast<double>(runs)));
    run_rates.push_back(static_cast<double>(runs) / seconds);
    world_ms.push_back(world_seconds * 1000);
    commands_per_run = static_cast<double>(commands) / static_cast<double>(runs);
  }
  std::printf(
      "commands_per_second=%.0f baseline_commands_per_second=%.0f commands_per_second_without_world=%.0f "
      "service_only_commands_per_second=%.0f runs_per_second=%.0f world_ms=%.3f commands_per_run=%.1f\n",
      bench::median(rates), bench::median(baseline_rates), bench::median(bare_rates), bench::median(service_rates),
      bench::median(run_rates), bench::median(world_ms), commands_per_run);
  return 0;
}
