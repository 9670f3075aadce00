#include "conformance/results.hpp"

namespace ringpool::conformance {

const char* level_name(Level level) {
  switch (level) {
    case Level::Doc: return "doc";
    case Level::Dec: return "dec";
    case Level::Ref: return "ref";
  }
  return "doc";
}

const char* profile_name(Profile profile) {
  switch (profile) {
    case Profile::Vendor: return "vendor";
    case Profile::Strict: return "strict";
    case Profile::Reference: return "reference";
  }
  return "strict";
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Passed: return "passed";
    case Outcome::Failed: return "failed";
    case Outcome::Skipped: return "skipped";
    case Outcome::Unknown: return "unknown";
  }
  return "unknown";
}

std::optional<Level> parse_level(std::string_view text) {
  if (text == "doc") return Level::Doc;
  if (text == "dec") return Level::Dec;
  if (text == "ref") return Level::Ref;
  return std::nullopt;
}

std::optional<Profile> parse_profile(std::string_view text) {
  if (text == "vendor") return Profile::Vendor;
  if (text == "strict") return Profile::Strict;
  if (text == "reference") return Profile::Reference;
  return std::nullopt;
}

bool profile_checks(Profile profile, Level level) {
  return static_cast<int>(level) <= static_cast<int>(profile);
}

RunSummary RunResult::summary() const {
  RunSummary out;
  for (const ScenarioResult& scenario : scenarios) {
    switch (scenario.outcome) {
      case Outcome::Passed: ++out.passed; break;
      case Outcome::Failed: ++out.failed; break;
      case Outcome::Skipped: ++out.skipped; break;
      case Outcome::Unknown: ++out.unknown; break;
    }
    for (const CheckResult& check : scenario.checks) {
      if (check.outcome == Outcome::Passed) ++out.checks_passed;
      if (check.outcome == Outcome::Failed) ++out.checks_failed;
      if (check.outcome == Outcome::Unknown) ++out.checks_unknown;
    }
  }
  return out;
}

}  // namespace ringpool::conformance
