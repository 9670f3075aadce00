// What a conformance run produces, as plain values: every report format (console, JSON, JUnit,
// HTML) is written from these, so they agree with each other by construction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ringpool::conformance {

// A clause part's level (spec preamble): [doc] every profile, [dec] strict and reference,
// [ref] reference only.
enum class Level { Doc, Dec, Ref };
// Profiles are cumulative: vendor checks [doc]; strict adds [dec]; reference adds [ref].
enum class Profile { Vendor, Strict, Reference };

// Outcome of one check or one scenario. Unknown: the target timed out or dropped the connection,
// so nothing can be said either way (never counted as a pass or as a spec failure).
enum class Outcome { Passed, Failed, Skipped, Unknown };

const char* level_name(Level level);          // "doc", "dec", "ref"
const char* profile_name(Profile profile);    // "vendor", "strict", "reference"
const char* outcome_name(Outcome outcome);    // "passed", "failed", "skipped", "unknown"
std::optional<Level> parse_level(std::string_view text);
std::optional<Profile> parse_profile(std::string_view text);
// True when `profile` checks parts of level `level`.
bool profile_checks(Profile profile, Level level);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One request sent to the target and what came back, kept for failures and unknowns.
struct ExchangeRecord {
  std::string api;  // "management", "allocation", "bulk", "control"
  std::string method;
  std::string url;  // base URL (or "reference:") + target
  HeaderList request_headers;
  std::string request_body;
  // Filled when a response arrived.
  std::optional<int> status;
  HeaderList response_headers;  // includes Content-Type
  std::string response_body;
  // Filled when no response arrived (timeout, refused, dropped connection).
  std::string transport_error;
};

struct CheckResult {
  std::string clause;  // spec clause id the check verifies, e.g. "A-4"
  Level level = Level::Doc;
  std::string step;    // where: "step 3: allocate p (json)"
  std::string what;    // what was checked: "status", "error class", "overflow flag", ...
  std::string expected;
  std::string actual;
  Outcome outcome = Outcome::Passed;
  // Index into ScenarioResult::exchanges of the exchange the check judged (failed/unknown only).
  std::optional<std::size_t> exchange;
};

// A pool a run created on a live target, where its clean-up looks for it.
struct CreatedPool {
  std::string table;     // the target file's network table: primary | second | bulk | tags
  std::string campaign;  // the campaign it lives in
  std::string id_from_network;
  bool deleted = false;  // its DELETE answered 200 (or 404: already gone)
};

struct ScenarioResult {
  std::string id;      // path under the scenarios root, e.g. "legacy/overflow.toml"
  std::string title;
  std::vector<std::string> clauses;  // as declared by the scenario
  Profile profile = Profile::Vendor;  // the lowest profile that runs it
  Outcome outcome = Outcome::Passed;  // failed if any check failed, else unknown if any unknown
  std::string reason;  // why skipped / unknown (empty otherwise)
  std::vector<CheckResult> checks;
  std::vector<ExchangeRecord> exchanges;  // only those referenced by failed/unknown checks
  std::string reproduce;  // one command line that runs this scenario alone
  double wall_ms = 0;     // wall time; zeroed by --deterministic
  std::vector<CreatedPool> created;  // on a live target: what it created, and whether its clean-up deleted it
};

struct RunSummary {
  std::size_t passed = 0, failed = 0, skipped = 0, unknown = 0;  // scenarios
  std::size_t checks_passed = 0, checks_failed = 0, checks_unknown = 0;
};

// What produced a run: the scenario suite (`ringpool conform`) or random traffic judged by the
// permissive model (`ringpool check`); reports title and word themselves for it.
enum class RunKind { Conformance, Check };

struct RunResult {
  RunKind kind = RunKind::Conformance;
  std::string tool_version;
  std::string target;  // "reference" or the base URL(s)
  Profile profile = Profile::Strict;
  std::uint64_t seed = 0;
  std::string run_id;  // prefix of everything the run creates on the target
  std::vector<std::string> capabilities;  // what the target has, sorted
  // Capabilities it lacks, with why (the probe's answer, the target file, or an endpoint that
  // answered 404 during the run), sorted by name.
  std::vector<std::pair<std::string, std::string>> missing_capabilities;
  std::vector<ScenarioResult> scenarios;  // in run order (sorted by id)
  double wall_ms = 0;  // zeroed by --deterministic
  // Scenarios whose failure is also in the baseline (with --baseline); they do not fail the run.
  std::vector<std::string> known_failures;
  // On a live target: pools of this run still there after the run deleted them twice, each as
  // "[table] campaign/id: why" (cleanup.hpp). Reported; they carry the run's id.
  std::vector<std::string> leftover_pools;
  bool interrupted = false;  // Ctrl-C: the scenarios not run are missing, the run cleaned up
  // Coverage gates (verdict.hpp): what a --require or --min-sentences asked for and did not get
  // (exit 2), and what the --baseline run checked that this one did not (exit 1).
  std::vector<std::string> unmet_gates;
  std::vector<std::string> coverage_regressions;
  // Setup mistakes the answers showed (setup_findings.hpp): the run is incomplete (exit 2).
  std::vector<std::string> setup_findings;

  RunSummary summary() const;
};

}  // namespace ringpool::conformance
