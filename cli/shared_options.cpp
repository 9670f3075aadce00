#include "cli/shared_options.hpp"

#include "cli/installed_paths.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <map>

namespace ringpool::cli {

namespace {

constexpr double kDurationSecondsMax = 30.0 * 86400;

CLI::AsNumberWithUnit duration_units() {
  return CLI::AsNumberWithUnit(std::map<std::string, double>{{"ms", 0.001}, {"s", 1}, {"m", 60}, {"h", 3600}},
                               CLI::AsNumberWithUnit::CASE_SENSITIVE, "DURATION");
}

void add_target_options(CLI::App& command, SharedOptions& options, unsigned which, const SharedHelp& help) {
  if (which & shared::kTarget)
    command.add_option("--target", options.target,
                       help.target.empty() ? "'reference' (in process), 'variant' (in process: the reference with every "
                                             "[dec]/[ref] choice flipped, one network, clock-only control API) or the base "
                                             "URL of a live server (http://host:port or https://host)"
                                           : help.target)
        ->capture_default_str();
  if (which & shared::kTargetFile)
    command.add_option("--target-file", options.target_file,
                       "Target description (TOML): networks, advertisers, campaigns, URLs per API — what the run may use "
                       "on the target (start from " +
                           shipped_file("conformance/targets/vendor-template.toml", "targets/vendor-template.toml") + ")")
        ->check(CLI::ExistingFile);
  if (which & shared::kTokens) {
    command.add_option("--token", options.token,
                       "API token of the primary network (overrides the target description); prefer the environment "
                       "variable, which stays out of shell history and process lists")
        ->envname(std::string(kTokenVariable));
    command.add_option("--control-token", options.control_token,
                       "X-Control-Token of the target's control API (spec T-4); prefer the environment variable")
        ->envname(std::string(kControlTokenVariable));
  }
  if (which & shared::kTimeout)
    add_duration_option(command, "--timeout", options.timeout_seconds,
                        "How long a live request may wait for its answer before it counts as unknown (default: the "
                        "target file's timeout_seconds, else 10s)");
}

void add_run_options(CLI::App& command, SharedOptions& options, unsigned which, const SharedHelp& help) {
  if (which & shared::kReports) {
    command.add_option("--report", options.report_dir, help.report.empty() ? reports::report_directory_help() : help.report)
        ->capture_default_str();
    for (const reports::ReportFormat& format : reports::report_formats())
      if (!format.option.empty())
        command.add_option(std::string(format.option), options.report_places[std::string(format.name)],
                           reports::report_place_help(format));
  }
  if (which & shared::kSeed)
    command.add_option("--seed", options.seed, "Seed of the run: the same seed gives the same requests and reports")
        ->capture_default_str();
  if (which & shared::kProfile)
    command.add_option("--profile", options.profile,
                       "vendor ([doc] checks only), strict (+[dec]) or reference (+[ref]); default: strict for the "
                       "reference, vendor for the variant and a URL")
        ->check(CLI::IsMember({"vendor", "strict", "reference"}));
  if (which & shared::kDeterministic)
    command.add_flag("--deterministic", options.deterministic,
                     "Zero wall times, so that the same seed gives byte-identical reports");
  CLI::Option* quiet = nullptr;
  if (which & shared::kQuiet)
    quiet = command.add_flag("--quiet,-q", options.quiet, help.quiet.empty() ? "Print only failures and the summary" : help.quiet);
  if (which & shared::kVerbose) {
    CLI::Option* verbose = command.add_flag("--verbose,-v", options.verbose,
                                            help.verbose.empty() ? "Print everything, one line each" : help.verbose);
    if (quiet != nullptr) verbose->excludes(quiet);
  }
}

}  // namespace

void add_shared_options(CLI::App& command, SharedOptions& options, unsigned which, const SharedHelp& help) {
  add_target_options(command, options, which, help);
  add_run_options(command, options, which, help);
}

CLI::Option* add_duration_option(CLI::App& command, const std::string& name, double& seconds, const std::string& what) {
  return command.add_option(name, seconds, what)
      ->transform(duration_units())
      ->check(CLI::Range(0.0, kDurationSecondsMax))
      ->option_text(fmt::format("DURATION (e.g. 500ms, 10s, 2m; default {})", duration_text(seconds)));
}

CLI::Option* add_duration_option(CLI::App& command, const std::string& name, std::optional<double>& seconds,
                                 const std::string& what) {
  return command.add_option(name, seconds, what)
      ->transform(duration_units())
      ->check(CLI::Range(0.001, kDurationSecondsMax))
      ->option_text("DURATION (e.g. 500ms, 10s, 2m)");
}

std::string duration_text(double seconds) {
  const double ms = std::round(seconds * 1000);
  if (ms < 1000) return fmt::format("{}ms", static_cast<long long>(ms));
  if (std::fmod(ms, 60'000) == 0 && ms >= 120'000) return fmt::format("{}m", static_cast<long long>(ms / 60'000));
  return fmt::format("{:g}s", ms / 1000);
}

bool from_environment(std::string_view variable, const std::string& value) {
  const char* set = std::getenv(std::string(variable).c_str());
  return set != nullptr && value == set;
}

std::string reproduce_arguments(const SharedOptions& options, std::string_view profile) {
  std::string out = fmt::format("--target {} --profile {} --seed {}", options.target, profile, options.seed);
  if (!options.target_file.empty()) out += " --target-file " + options.target_file;
  if (options.timeout_seconds) out += " --timeout " + duration_text(*options.timeout_seconds);
  if (!options.token.empty() && !from_environment(kTokenVariable, options.token)) out += " --token <token>";
  if (!options.control_token.empty() && !options.in_process() &&
      !from_environment(kControlTokenVariable, options.control_token))
    out += " --control-token <token>";
  return out;
}

}  // namespace ringpool::cli
