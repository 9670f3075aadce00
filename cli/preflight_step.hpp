// The setup steps `conform`, `check` and `load` share against a live server, before anything is
// run: preflight (conformance/preflight.hpp) printed as a short table, a setup problem as one
// line with its fix (exit 2), `--preflight-only`, and the --require gate on the capabilities
// probing found. Against the in-process targets there is nothing to set up.
#pragma once

#include "cli/target_choice.hpp"
#include "conformance/capabilities.hpp"
#include "conformance/preflight.hpp"
#include "conformance/target_tokens.hpp"
#include "conformance/verdict.hpp"

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace ringpool::cli {

struct PreflightStep {
  std::string command;  // "conform", "check", "load": the prefix of every line printed
  const TargetChoice* choice = nullptr;
  // The run's description: preflight writes into it the form each table's token is taken in.
  conformance::TargetDescription* description = nullptr;
  std::vector<conformance::TokenOrigin> token_origins;
  std::string run_id;
  bool quiet = false;
  bool only = false;  // --preflight-only: print everything, exit 0 or 2
};

// nullopt: go on. Otherwise the exit status (0 after --preflight-only, 2 on a setup problem).
std::optional<int> run_preflight_step(const PreflightStep& step, conformance::Target& target);

// The --require gate before the run: nullopt when met, else 2 after printing what is missing.
std::optional<int> check_required_capabilities(const std::string& command, const conformance::CoverageGates& gates,
                                               const conformance::Capabilities& capabilities);

// "clock,clock-advance" lists from --require, each name checked; the error names an unknown one.
std::expected<std::vector<std::string>, std::string> parse_capability_list(const std::vector<std::string>& values);

// SIGINT sets the returned flag while `Interruptible` lives (then the previous handler is back).
class Interruptible {
 public:
  Interruptible();
  ~Interruptible();
  Interruptible(const Interruptible&) = delete;
  Interruptible& operator=(const Interruptible&) = delete;
  const std::atomic<bool>* flag() const;

 private:
  void (*previous_)(int) = nullptr;
};

}  // namespace ringpool::cli
