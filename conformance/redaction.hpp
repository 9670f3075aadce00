// Keeps secrets out of what a run reports: every token of the target description and the control
// token is replaced by "<token>" in the recorded requests and answers, the checks, the reasons and
// the reproduce lines, before any listener or report sees a result. Reports get shared (CI
// artefacts, bug reports); tokens must not travel with them.
#pragma once

#include "conformance/results.hpp"
#include "conformance/target_description.hpp"

#include <string>
#include <vector>

namespace ringpool::conformance {

inline constexpr std::string_view kRedacted = "<token>";

class Redactor {
 public:
  // The tokens of every network table of `description`, and `control_token`.
  Redactor(const TargetDescription& description, const std::string& control_token);

  // `text` with every secret (and its percent-encoded form) replaced. Secrets shorter than four
  // characters are too short to find safely in free text; they are still replaced where they
  // are a credential header's whole value.
  std::string redact(std::string text) const;
  void redact(ScenarioResult& result) const;

 private:
  std::vector<std::string> secrets_;        // longest first, so a token inside another is not half-replaced
  std::vector<std::string> short_secrets_;  // shorter than four characters
};

}  // namespace ringpool::conformance
