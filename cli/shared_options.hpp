// The options `conform`, `check` and `load` share, declared once: the same names, help, defaults
// and value syntax in every command (one duration syntax: 500ms, 10s, 2m, 1h; a bare number is
// seconds), and the same rendering of them in reproduce lines (never a token's value).
#pragma once

#include "cli/target_kind.hpp"
#include "reports/report_files.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringpool::cli {

inline constexpr std::string_view kTokenVariable = "RINGPOOL_TOKEN";
inline constexpr std::string_view kControlTokenVariable = "RINGPOOL_CONTROL_TOKEN";

struct SharedOptions {
  std::string target = "reference";  // "reference", "variant", "variant:SEED" or a base URL
  std::string target_file;           // a target description (TOML), or empty
  std::string token;                 // --token, or RINGPOOL_TOKEN
  std::string control_token;         // --control-token, or RINGPOOL_CONTROL_TOKEN
  std::optional<double> timeout_seconds;  // --timeout; unset: the target file's (or the command's)
  std::string report_dir = "reports/out";
  reports::ReportPlaces report_places;  // --junit and the like, by format name
  std::uint64_t seed = 1;
  std::string profile;  // empty: the command's default for the target
  bool quiet = false;
  bool verbose = false;
  bool deterministic = false;

  bool in_process() const { return is_in_process_target(target); }
};

// Which of the shared options a command declares (flags, combined with |).
namespace shared {
inline constexpr unsigned kTarget = 1u << 0;          // --target (reference, variant or URL)
inline constexpr unsigned kTargetFile = 1u << 1;      // --target-file
inline constexpr unsigned kTokens = 1u << 2;          // --token, --control-token
inline constexpr unsigned kTimeout = 1u << 3;         // --timeout DURATION
inline constexpr unsigned kReports = 1u << 4;         // --report DIR and the formats' own options (--junit)
inline constexpr unsigned kSeed = 1u << 5;            // --seed
inline constexpr unsigned kProfile = 1u << 6;         // --profile
inline constexpr unsigned kQuiet = 1u << 7;           // --quiet, -q
inline constexpr unsigned kVerbose = 1u << 8;         // --verbose, -v
inline constexpr unsigned kDeterministic = 1u << 9;   // --deterministic
inline constexpr unsigned kConformanceRun = kTarget | kTargetFile | kTokens | kTimeout | kReports | kSeed | kProfile |
                                            kQuiet | kVerbose | kDeterministic;
}  // namespace shared

// Where a command's wording differs; an empty field keeps the shared text.
struct SharedHelp {
  std::string target;   // --target
  std::string report;   // --report (default: the report-format registry's files)
  std::string quiet;    // --quiet
  std::string verbose;  // --verbose
};

// Declares the options `which` names on `command`, bound to `options` (which must outlive it).
void add_shared_options(CLI::App& command, SharedOptions& options, unsigned which, const SharedHelp& help = {});

// A duration option: "500ms", "10s", "2m", "1h" or a bare number of seconds, from 0 to 30 days.
CLI::Option* add_duration_option(CLI::App& command, const std::string& name, double& seconds, const std::string& what);
CLI::Option* add_duration_option(CLI::App& command, const std::string& name, std::optional<double>& seconds,
                                 const std::string& what);
// A duration as that syntax reads it back: "500ms", "10s", "1.5s", "2m".
std::string duration_text(double seconds);

// True when `value` is what the environment variable holds (CLI11 read it from there).
bool from_environment(std::string_view variable, const std::string& value);

// The shared options that change a run's outcome, as arguments after the subcommand: target,
// profile (the one the run used), seed, target file, timeout, and the tokens as placeholders —
// never their values: one read from the environment is read again when the line is run (left
// out), one given on the command line shows as <token>.
std::string reproduce_arguments(const SharedOptions& options, std::string_view profile);

}  // namespace ringpool::cli
