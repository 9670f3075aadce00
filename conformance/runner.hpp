// Runs scenarios against a target and collects what happened. Progress goes to a listener; the
// result is a RunResult that every report is written from.
#pragma once

#include "conformance/results.hpp"
#include "conformance/scenario.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ringpool::conformance {

struct RunOptions {
  Profile profile = Profile::Strict;
  std::uint64_t seed = 1;
  std::string run_id;  // prefix of every id the run creates on the target
  TargetDescription description;
  std::set<std::string> capabilities;
  std::string control_token;
  // The command that reproduces a scenario, without its --scenarios argument.
  std::string reproduce_prefix;
  // Zero every wall time, so that the same seed gives byte-identical reports.
  bool deterministic = false;
  std::string tool_version;
};

class RunListener {
 public:
  virtual ~RunListener() = default;
  virtual void scenario_started(const Scenario&, std::size_t /*index*/, std::size_t /*total*/) {}
  virtual void scenario_finished(const ScenarioResult&, std::size_t /*index*/, std::size_t /*total*/) {}
};

RunResult run_scenarios(Target& target, const std::vector<Scenario>& scenarios, const RunOptions& options,
                        RunListener* listener = nullptr);

// What the target can do: "control" when GET /_control/clock answers 200 with the control token;
// "world", "white-box" and "fault-injection" when that server is a ringpool reference (or
// `in_process`); "bulk", "second-network", "tag-network" from the description; plus whatever the
// description declares.
std::set<std::string> probe_capabilities(Target& target, const TargetDescription& description,
                                         const std::string& control_token, bool in_process);

// The world a scenario runs on: its own, the default world with its additions, or none (keep).
std::optional<std::string> scenario_world(const Scenario& scenario);

}  // namespace ringpool::conformance
