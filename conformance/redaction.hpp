// Keeps secrets out of what a run reports: every token of the target description and the control
// token is replaced by "<token>" in the recorded requests and answers, the checks, the reasons and
// the reproduce lines, before any listener or report sees a result. Reports get shared (CI
// artefacts, bug reports); tokens must not travel with them. Pool keys too (issue 22, finding 8):
// the `api_key` of a pool in a JSON body, the value of `ring_pool_key=` in a URL or a Bulk
// `api_suffix`, and every other occurrence of a key found so, are masked with '*' characters,
// one per character (a 32-character key stays 32 characters: bodies keep their shape).
#pragma once

#include "conformance/results.hpp"
#include "conformance/target_description.hpp"

#include <string>
#include <vector>

namespace ringpool::conformance {

inline constexpr std::string_view kRedacted = "<token>";
inline constexpr char kKeyMask = '*';

// `text` with every pool key it shows (an "api_key" JSON member's value, a ring_pool_key=
// parameter's value) masked in place, and the keys found added to `found`.
std::string mask_pool_keys_in_place(std::string text, std::vector<std::string>* found = nullptr);

class Redactor {
 public:
  // The tokens of every network table of `description`, and `control_token`.
  Redactor(const TargetDescription& description, const std::string& control_token);

  // `text` with every secret (and its percent-encoded form) replaced. Secrets shorter than four
  // characters are too short to find safely in free text; they are still replaced where they
  // are a credential header's whole value.
  std::string redact(std::string text) const;
  // Also masks pool keys: those `text` shows in place, and `keys` wherever they occur.
  std::string redact(std::string text, const std::vector<std::string>& keys) const;
  void redact(ScenarioResult& result) const;

 private:
  std::vector<std::string> secrets_;        // longest first, so a token inside another is not half-replaced
  std::vector<std::string> short_secrets_;  // shorter than four characters
};

}  // namespace ringpool::conformance
