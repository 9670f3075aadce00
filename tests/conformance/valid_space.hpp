// Helpers of the tests over the space of valid servers (conformance/valid_choices.hpp): runs of
// the shipped suite or of `check` on a drawn server, and the shrunk account of a failure (the
// fewest choices that still fail, and the step or command that failed).
#pragma once

#include "conformance_fixture.hpp"
#include "conformance/property_check.hpp"
#include "conformance/valid_server.hpp"
#include "conformance/variant_target.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <string>

namespace ringpool::testing {

inline constexpr const char* kValidSpaceToken = "conformance-control";

// The shipped suite (or `scenarios`) on the valid server of `draw`, with its honest target file.
inline conformance::RunResult run_drawn(const conformance::valid::Draw& draw, conformance::Profile profile,
                                        const std::vector<conformance::Scenario>& scenarios) {
  conformance::VariantTarget target(kValidSpaceToken, draw);
  conformance::RunOptions options = run_options(profile, target, kValidSpaceToken);
  options.description = target.description();
  options.capabilities = conformance::probe_capabilities(target, options.description, kValidSpaceToken);
  options.reproduce_prefix = fmt::format("ringpool conform --target variant:{} --profile {}", draw.seed, profile_name(profile));
  return conformance::run_scenarios(target, scenarios, options);
}

// `check` on the valid server of `draw`: `runs` runs of `seed`, as `ringpool check --target
// variant:SEED` does (no saving, no goals).
inline conformance::property::CheckSummary check_drawn(const conformance::valid::Draw& draw, std::size_t runs, std::uint64_t seed) {
  namespace prop = conformance::property;
  conformance::VariantTarget probe(kValidSpaceToken, draw);
  prop::CheckOptions options;
  options.runs = runs;
  options.max_steps = 40;
  options.jobs = 1;
  options.max_shrink_runs = 300;
  options.run = run_options(conformance::Profile::Vendor, probe, kValidSpaceToken);
  options.run.seed = seed;
  options.run.description = probe.description();
  options.run.capabilities = conformance::probe_capabilities(probe, options.run.description, kValidSpaceToken);
  options.limits = prop::limits_for(options.run.capabilities, options.run.description);
  return prop::run_check([&draw] { return std::make_unique<conformance::VariantTarget>(kValidSpaceToken, draw); }, options);
}

// The first failed check of a run, one line (scenario, step, clause, what, expected, got).
inline std::string first_failure(const conformance::RunResult& run) {
  for (const auto& scenario : run.scenarios)
    for (const auto& check : scenario.checks)
      if (check.outcome == conformance::Outcome::Failed)
        return fmt::format("{}: {} [{}] {}: expected {}, got {}", scenario.id, check.step, check.clause, check.what, check.expected,
                           check.actual);
  for (const auto& scenario : run.scenarios)
    if (scenario.outcome == conformance::Outcome::Failed || scenario.outcome == conformance::Outcome::Unknown)
      return fmt::format("{} ({}): {}", scenario.id, conformance::outcome_name(scenario.outcome), scenario.reason);
  return {};
}

// How many drawn servers to run, from the environment (scripts/valid-space.sh runs thousands),
// else `fallback`; and the first seed.
inline std::uint64_t env_count(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

}  // namespace ringpool::testing
