// `ringpool conform`: runs the scenario suite against the in-process reference or a live server,
// prints progress and a summary, writes the JSON, JUnit and HTML reports, and exits 0 when
// nothing failed, 1 on failures (or new failures against --baseline), 2 on usage errors.
#include "cli/commands.hpp"
#include "cli/conform_progress.hpp"
#include "cli/target_choice.hpp"
#include "conformance/clause_catalogue.hpp"
#include "conformance/defects.hpp"
#include "conformance/probe.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario_parser.hpp"
#include "conformance/verdict.hpp"
#include "reports/baseline.hpp"
#include "reports/json_report.hpp"
#include "reports/report_files.hpp"
#include "sim/core/rng.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

// Where the shipped data lies relative to the executable's directory ("../share/ringpool" in an
// install; the top-level CMakeLists.txt sets it from the install layout, and the build tree mirrors
// it with a link to the scenarios). No source path is compiled in.
#ifndef RINGPOOL_DATA_DIR_FROM_BINARY
#define RINGPOOL_DATA_DIR_FROM_BINARY "../share/ringpool"
#endif

namespace ringpool::cli {

namespace {

namespace fs = std::filesystem;
using namespace ringpool::conformance;

constexpr std::string_view kTokenVariable = "RINGPOOL_TOKEN";
constexpr std::string_view kControlTokenVariable = "RINGPOOL_CONTROL_TOKEN";

// True when `value` is what the environment variable holds (CLI11 read it from there).
bool from_environment(std::string_view variable, const std::string& value) {
  const char* set = std::getenv(std::string(variable).c_str());
  return set != nullptr && value == set;
}

// The installed data directory, found from where the running executable is.
fs::path installed_data_dir() {
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error) return {};
  return (executable.parent_path() / RINGPOOL_DATA_DIR_FROM_BINARY).lexically_normal();
}

// The scenarios shipped with ringpool: ./scenarios when run from a checkout (a folder with the
// scenario guide), else the installed ones next to the executable. Empty when neither exists.
fs::path default_scenarios_dir() {
  std::error_code error;
  if (fs::is_directory("scenarios", error) && fs::exists("scenarios/README.md", error)) return "scenarios";
  const fs::path installed = installed_data_dir() / "scenarios";
  if (!installed_data_dir().empty() && fs::is_directory(installed, error)) return installed;
  return {};
}

class ConformCommand final : public Command {
 public:
  explicit ConformCommand(CLI::App& app) {
    command_ = app.add_subcommand("conform", "Run the conformance scenarios against the reference or a live server");
    command_->footer(
        "Exit status: 0 nothing failed (skips allowed); 1 failures, unknown results (timeouts), or with --baseline new "
        "failures; 2 usage or scenario-file errors.\n"
        "Tokens: when --token / --control-token are not given, RINGPOOL_TOKEN / RINGPOOL_CONTROL_TOKEN are read. "
        "Reports and reproduce lines never contain a token (they show <token>).\n"
        "Examples:\n"
        "  ringpool conform --target reference\n"
        "  ringpool conform --target variant --profile vendor\n"
        "  ringpool conform --target http://127.0.0.1:8080 --control-token T --profile vendor\n"
        "  ringpool conform --target reference --scenarios scenarios/allocation --junit junit.xml");
    command_->add_option("--target", target_,
                         "'reference' (in process), 'variant' (in process: the reference with every [dec]/[ref] "
                         "choice flipped, one network, clock-only control API) or the base URL of a live server")
        ->capture_default_str();
    command_->add_option("--profile", profile_,
                         "vendor ([doc] checks only), strict (+[dec]) or reference (+[ref]); default: strict for the "
                         "reference, vendor for the variant and a URL")
        ->check(CLI::IsMember({"vendor", "strict", "reference"}));
    command_->add_option("--scenarios", scenario_paths_,
                         "Scenario directories or files (default: ./scenarios in a checkout, else the installed "
                         "share/ringpool/scenarios next to the executable)");
    command_->add_option("--seed", seed_, "Seed of the run: the same seed gives the same requests and reports")
        ->capture_default_str();
    command_->add_option("--target-file", target_file_, "Target description (TOML): networks, tokens, URLs per API")
        ->check(CLI::ExistingFile);
    command_->add_option("--token", token_,
                         "API token of the primary network (overrides the target description); prefer the environment "
                         "variable, which stays out of shell history and process lists")
        ->envname(std::string(kTokenVariable));
    command_->add_option("--control-token", control_token_,
                         "X-Control-Token of the target's control API (T-4); prefer the environment variable")
        ->envname(std::string(kControlTokenVariable));
    command_->add_option("--network", network_, "Primary network id (overrides the target description)");
    command_->add_option("--advertiser", advertiser_, "Primary advertiser id_from_network");
    command_->add_option("--campaign", campaign_, "Primary advertiser campaign id_from_network");
    command_->add_option("--report", report_dir_, "Directory for report.json, report.html and junit.xml")
        ->capture_default_str();
    command_->add_option("--junit", junit_path_, "Write the JUnit XML here instead of <report>/junit.xml");
    command_->add_option("--baseline", baseline_path_,
                         "A previous report.json: fail only on failures it does not have (regression gating)")
        ->check(CLI::ExistingFile);
    command_->add_option("--run-id", run_id_, "Prefix of every id the run creates (default: derived from the seed)");
    command_->add_option("--timeout", timeout_seconds_, "Seconds before a live request is reported as unknown")
        ->check(CLI::Range(0.1, 3600.0));
    command_->add_flag("--deterministic", deterministic_, "Zero wall times, so the same seed gives byte-identical reports");
    command_->add_option("--inject-defect", defect_,
                         "Break the target on purpose (to see the suite catch it): a defect name or the [doc] sentence id it breaks; --list-defects shows them");
    command_->add_flag("--list-defects", list_defects_, "List the defects --inject-defect knows, and exit");
    command_->add_flag("--quiet,-q", quiet_, "Print only failures and the summary");
  }

  int run_if_selected() override {
    if (!command_->parsed()) return -1;
    if (list_defects_) {
      for (const DefectInfo& defect : known_defects())
        fmt::print("{:<7} {:<34} {}\n", defect.sentence, defect.name, defect.what);
      return 0;
    }
    return run();
  }

 private:
  TargetChoice choice() const { return {target_, target_file_, control_token_, defect_}; }

  int usage_error(const std::string& message) const {
    fmt::print(stderr, "ringpool conform: {}\n", message);
    return 2;
  }

  int run() {
    const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
    const bool variant = choice().variant();
    const bool in_process = choice().in_process();

    // The target description, with command-line overrides.
    auto described = target_description(choice());
    if (!described) return usage_error(described.error());
    TargetDescription description = std::move(*described);
    NetworkContext& primary = description.contexts.at("primary");
    if (!token_.empty()) primary.token = token_;
    if (network_) primary.network = *network_;
    if (!advertiser_.empty()) primary.advertiser = advertiser_;
    if (!campaign_.empty()) primary.campaign = campaign_;
    if (timeout_seconds_) description.timeout_seconds = *timeout_seconds_;
    if (control_token_.empty()) control_token_ = in_process ? "conformance-control" : "";

    // Scenarios.
    const fs::path shipped = default_scenarios_dir();
    std::vector<fs::path> paths(scenario_paths_.begin(), scenario_paths_.end());
    if (paths.empty()) {
      if (shipped.empty())
        return usage_error(fmt::format("no scenarios found: looked for ./scenarios and {}; give --scenarios DIR",
                                       (installed_data_dir() / "scenarios").string()));
      paths.push_back(shipped);
    }
    LoadedScenarios loaded = load_scenarios(paths, shipped.empty() ? fs::path("scenarios") : shipped, catalogue);
    if (!loaded.errors.empty()) {
      for (const std::string& error : loaded.errors) fmt::print(stderr, "ringpool conform: {}\n", error);
      fmt::print(stderr, "ringpool conform: {} scenario file(s) have errors; nothing was run.\n", loaded.errors.size());
      return 2;
    }
    if (loaded.scenarios.empty()) return usage_error("no scenarios found (give --scenarios DIR or FILE)");

    // The target.
    auto target = make_target(choice(), description);
    if (!target) return usage_error(target.error());
    Target& used = **target;

    RunOptions options;
    options.profile = *parse_profile(profile_.empty() ? (in_process && !variant ? "strict" : "vendor") : profile_);
    options.seed = seed_;
    options.run_id = run_id_.empty() ? default_run_id(in_process) : run_id_;
    options.description = description;
    options.control_token = control_token_;
    options.capabilities = probe_capabilities(used, description, control_token_);
    options.deterministic = deterministic_;
    options.tool_version = std::string(kVersion);
    options.reproduce_prefix = reproduce_prefix(options);

    // The baseline is read before the run, so a bad file stops it at once (exit 2).
    std::optional<RunResult> baseline;
    if (!baseline_path_.empty()) {
      auto text = read_text_file(baseline_path_);
      if (!text) return usage_error(text.error());
      auto parsed = reports::parse_json_report(*text);
      if (!parsed) return usage_error(fmt::format("{}: {}", baseline_path_, parsed.error()));
      baseline = std::move(*parsed);
    }

    ConformProgress progress(quiet_, loaded.scenarios.size(), baseline ? &*baseline : nullptr);
    progress.announce(used.describe(), profile_name(options.profile), options.seed, options.capabilities);
    if (!quiet_)
      fmt::print("suite: {} scenarios from {}\n", loaded.scenarios.size(),
                 fmt::join(scenario_paths_.empty() ? std::vector<std::string>{shipped.string()} : scenario_paths_, ", "));
    RunResult run = run_scenarios(used, loaded.scenarios, options, &progress);
    if (baseline) {
      const reports::BaselineComparison comparison = reports::compare_with_baseline(run, *baseline);
      run.known_failures = comparison.known_failure_scenarios;
      progress.baseline(comparison);
    }
    std::optional<fs::path> junit;
    if (!junit_path_.empty()) junit = junit_path_;
    auto written = reports::write_reports(report_dir_, run, catalogue, junit);
    progress.summary(run, compute_coverage(catalogue, run));
    if (!written) {
      fmt::print(stderr, "ringpool conform: {}\n", written.error());
      return 2;
    }
    progress.reports(written->json.string(), written->junit.string(), written->html.string());
    // The same verdict as every report: 1 on failures (not known to the baseline) or unknowns.
    return run_verdict(run).exit_status;
  }

  std::string default_run_id(bool in_process) const {
    std::string id = "rp" + sim::Rng(seed_).stream("run-id").hex(6);
    // A live server keeps what earlier runs left behind; a time-based part keeps runs apart.
    if (!in_process) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      id += fmt::format("{:x}", std::chrono::duration_cast<std::chrono::seconds>(now).count() % 0xFFFFF);
    }
    return id;
  }

  std::string reproduce_prefix(const RunOptions& options) const {
    std::string out = fmt::format("ringpool conform --target {} --profile {} --seed {}", target_,
                                  profile_name(options.profile), seed_);
    if (!target_file_.empty()) out += " --target-file " + target_file_;
    // Never a token's value: one read from the environment is read again when the line is run;
    // one given on the command line becomes a placeholder.
    if (!token_.empty() && !from_environment(kTokenVariable, token_)) out += " --token <token>";
    if (!control_token_.empty() && !choice().in_process() &&
        !from_environment(kControlTokenVariable, control_token_))
      out += " --control-token <token>";
    if (network_) out += fmt::format(" --network {}", *network_);
    if (!advertiser_.empty()) out += " --advertiser " + advertiser_;
    if (!campaign_.empty()) out += " --campaign " + campaign_;
    if (!defect_.empty()) out += " --inject-defect " + defect_;
    return out;
  }

  CLI::App* command_ = nullptr;
  std::string target_ = "reference";
  std::string profile_;
  std::vector<std::string> scenario_paths_;
  std::uint64_t seed_ = 1;
  std::string target_file_;
  std::string token_;
  std::string control_token_;
  std::optional<std::int64_t> network_;
  std::string advertiser_;
  std::string campaign_;
  std::string report_dir_ = "reports/out";
  std::string junit_path_;
  std::string baseline_path_;
  std::string run_id_;
  std::optional<double> timeout_seconds_;
  bool deterministic_ = false;
  std::string defect_;
  bool list_defects_ = false;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> add_conform_command(CLI::App& app) { return std::make_unique<ConformCommand>(app); }

}  // namespace ringpool::cli
