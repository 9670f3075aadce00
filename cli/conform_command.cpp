// `ringpool conform`: runs the scenario suite against the in-process reference or a live server,
// prints progress and a summary, writes the JSON, JUnit and HTML reports, and exits 0 when
// nothing failed, 1 on failures (or new failures against --baseline), 2 on usage errors.
#include "cli/commands.hpp"
#include "cli/conform_progress.hpp"
#include "cli/installed_paths.hpp"
#include "cli/preflight_step.hpp"
#include "cli/shared_options.hpp"
#include "cli/target_choice.hpp"
#include "conformance/clause_catalogue.hpp"
#include "conformance/defects.hpp"
#include "conformance/probe.hpp"
#include "conformance/setup_findings.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario_lanes.hpp"
#include "conformance/scenario_run.hpp"
#include "conformance/scenario_parser.hpp"
#include "conformance/verdict.hpp"
#include "reports/baseline.hpp"
#include "reports/json_report.hpp"
#include "reports/report_files.hpp"
#include "sim/core/rng.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <unistd.h>

namespace ringpool::cli {

namespace {

namespace fs = std::filesystem;
using namespace ringpool::conformance;

class ConformCommand final : public Command {
 public:
  explicit ConformCommand(CLI::App& app) {
    command_ = app.add_subcommand("conform", "Run the conformance scenarios against the reference or a live server");
    command_->footer(
        "Exit status: 0 nothing failed (skips allowed); 1 failures, unknown results (timeouts), or with --baseline new "
        "failures or less coverage than the baseline; 2 usage, scenario-file or setup errors (preflight: a token refused, "
        "a campaign missing, the server unreachable; each with its fix), a coverage gate unmet (--require, "
        "--min-sentences), nothing checked, or Ctrl-C.\n"
        "Tokens: when --token / --control-token are not given, RINGPOOL_TOKEN / RINGPOOL_CONTROL_TOKEN are read. "
        "Reports and reproduce lines never contain a token (they show <token>).\n"
        "Running it against your own server: " + guide("VENDORS.md") + "\n"
        "Examples:\n"
        "  ringpool conform --target reference\n"
        "  ringpool conform --target variant --profile vendor\n"
        "  ringpool conform --target http://127.0.0.1:8080 --control-token T --profile vendor\n"
        "  ringpool conform --target https://staging.example.com --target-file my-server.toml --jobs 16 --timeout 30s\n"
        "  RINGPOOL_TOKEN=... ringpool conform --target https://staging.example.com --target-file my-server.toml "
        "--preflight-only\n"
        "  ringpool conform --target URL --target-file F --require clock,clock-advance --min-sentences 50\n"
        "  ringpool conform --target reference --scenarios " + default_scenarios_dir().string() + "/allocation --junit junit.xml");
    SharedHelp help;
    help.quiet = "Print only failures and the summary (skipped scenarios: one line per reason)";
    help.verbose = "Also list every skipped scenario with its reason (by default they are summed up by reason)";
    add_shared_options(*command_, shared_, shared::kConformanceRun, help);
    command_->add_option("--scenarios", scenario_paths_,
                         "Scenario directories or files (default: ./scenarios in a checkout, else the installed "
                         "share/ringpool/scenarios next to the executable)");
    command_->add_option("--network", network_, "Primary network id (overrides the target description)");
    command_->add_option("--advertiser", advertiser_, "Primary advertiser id_from_network");
    command_->add_option("--campaign", campaign_, "Primary advertiser campaign id_from_network");
    command_->add_option("--baseline", baseline_path_,
                         "A previous report.json: fail only on failures it does not have (regression gating)")
        ->check(CLI::ExistingFile);
    command_->add_option("--run-id", run_id_, "Prefix of every id the run creates (default: derived from the seed)");
    command_->add_option("--jobs,-j", jobs_,
                         "Scenarios in flight at once, each on its own connection and in its own pools; those that "
                         "move the clock, reset the world, switch Bulk or judge a whole campaign never overlap what "
                         "they would disturb. The reports do not depend on it")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    command_->add_option("--max-rate", max_rate_,
                         "At most this many requests a second over the whole run (a shared staging server); "
                         "default: no cap")
        ->check(CLI::Range(0.01, 1e6));
    command_->add_option("--inject-defect", defect_,
                         "Break the target on purpose (to see the suite catch it): a defect name or the [doc] sentence id it breaks; --list-defects shows them");
    command_->add_flag("--list-defects", list_defects_, "List the defects --inject-defect knows, and exit");
    command_->add_flag("--preflight-only", preflight_only_,
                       "Check the set-up against the live server (tokens, campaigns, control token, run id) and exit: 0 "
                       "ready, 2 a problem (with its fix)");
    command_->add_option("--require", required_,
                         "Coverage gate: capabilities the target must have (e.g. clock,clock-advance); missing -> exit 2")
        ->delimiter(',');
    command_->add_option("--min-sentences", min_sentences_,
                         "Coverage gate: at least this many [doc] sentences checked, else exit 2 naming the others");
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
  TargetChoice choice() const { return {shared_.target, shared_.target_file, shared_.control_token, defect_}; }

  int usage_error(const std::string& message) const {
    fmt::print(stderr, "ringpool conform: {}\n", message);
    return 2;
  }

  // The target description, with the command line's overrides (tokens: apply_tokens).
  std::expected<TargetDescription, std::string> described() const {
    auto described = target_description(choice());
    if (!described) return described;
    NetworkContext& primary = described->contexts.at("primary");
    if (network_) primary.network = *network_;
    if (!advertiser_.empty()) primary.advertiser = advertiser_;
    if (!campaign_.empty()) primary.campaign = campaign_;
    if (shared_.timeout_seconds) described->timeout_seconds = *shared_.timeout_seconds;
    return described;
  }

  // The scenarios to run; an error is printed, and the exit status returned.
  std::expected<LoadedScenarios, int> scenarios(const ClauseCatalogue& catalogue) const {
    const fs::path shipped = default_scenarios_dir();
    std::vector<fs::path> paths(scenario_paths_.begin(), scenario_paths_.end());
    if (paths.empty()) {
      if (shipped.empty())
        return std::unexpected(usage_error(fmt::format("no scenarios found: looked for ./scenarios and {}; give --scenarios DIR",
                                                       (installed_data_dir() / "scenarios").string())));
      paths.push_back(shipped);
    }
    LoadedScenarios loaded = load_scenarios(paths, shipped.empty() ? fs::path("scenarios") : shipped, catalogue);
    if (!loaded.errors.empty()) {
      for (const std::string& error : loaded.errors) fmt::print(stderr, "ringpool conform: {}\n", error);
      fmt::print(stderr, "ringpool conform: {} scenario file(s) have errors; nothing was run.\n", loaded.errors.size());
      return std::unexpected(2);
    }
    if (loaded.scenarios.empty()) return std::unexpected(usage_error("no scenarios found (give --scenarios DIR or FILE)"));
    return loaded;
  }

  std::string suite_source() const {
    return scenario_paths_.empty() ? default_scenarios_dir().string() : fmt::format("{}", fmt::join(scenario_paths_, ", "));
  }

  RunOptions run_options(Target& target, const TargetDescription& description, const std::string& run_id) const {
    RunOptions options;
    options.profile = *parse_profile(!shared_.profile.empty() ? shared_.profile
                                     : shared_.target == "reference" ? "strict"
                                                                     : "vendor");
    options.seed = shared_.seed;
    options.run_id = run_id;
    options.description = description;
    options.control_token = shared_.control_token;
    options.capabilities = probe_capabilities(target, description, shared_.control_token);
    options.deterministic = shared_.deterministic;
    options.tool_version = std::string(kVersion);
    options.reproduce_prefix = reproduce_prefix(options);
    options.jobs = jobs_;
    options.requests_per_second_max = max_rate_.value_or(0);
    return options;
  }

  int run() {
    const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
    auto description = described();
    if (!description) return usage_error(description.error());
    auto tokens = apply_tokens(choice(), shared_.token, *description);
    if (!tokens) return usage_error(tokens.error());
    auto required = parse_capability_list(required_);
    if (!required) return usage_error(required.error());
    const CoverageGates gates{*required, min_sentences_};
    if (shared_.control_token.empty() && shared_.in_process()) shared_.control_token = "conformance-control";
    auto loaded = scenarios(catalogue);
    if (!loaded) return loaded.error();
    auto target = make_target(choice(), *description);
    if (!target) return usage_error(target.error());
    Target& used = **target;
    const std::string run_id = run_id_.empty() ? default_run_id() : run_id_;
    const TargetChoice chosen = choice();
    const PreflightStep preflight{"conform", &chosen, &*description, *tokens, run_id, shared_.quiet, preflight_only_};
    if (auto stop = run_preflight_step(preflight, used)) return *stop;
    RunOptions options = run_options(used, *description, run_id);
    if (auto stop = check_required_capabilities("conform", gates, options.capabilities)) return *stop;

    // The baseline is read before the run, so a bad file stops it at once (exit 2).
    std::optional<RunResult> baseline;
    if (!baseline_path_.empty()) {
      auto text = read_text_file(baseline_path_);
      if (!text) return usage_error(text.error());
      auto parsed = reports::parse_json_report(*text);
      if (!parsed) return usage_error(fmt::format("{}: {}", baseline_path_, parsed.error()));
      baseline = std::move(*parsed);
    }

    ProgressSettings settings;
    settings.quiet = shared_.quiet;
    settings.verbose = shared_.verbose;
    settings.terminal = isatty(STDERR_FILENO) == 1;
    ConformProgress progress(settings, loaded->scenarios.size(), baseline ? &*baseline : nullptr);
    progress.announce(used.describe(), profile_name(options.profile), options.seed, options.capabilities);
    progress.expect_requests(expected_requests(loaded->scenarios, options));
    if (!shared_.quiet)
      fmt::print("suite: {} scenarios from {}{}\n", loaded->scenarios.size(), suite_source(),
                 jobs_ > 1 ? fmt::format(", {} at a time", jobs_) : "");
    // One target per scenario in flight; the first (the probed one) is the first worker's.
    std::unique_ptr<Target> first = std::move(*target);
    const TargetFactory make = [&, this]() -> std::unique_ptr<Target> {
      if (first) return std::move(first);
      return std::move(*make_target(choice(), *description));
    };
    const Interruptible interruptible;
    options.interrupted = interruptible.flag();
    RunResult run = run_scenarios(make, loaded->scenarios, options, &progress);
    run.setup_findings = setup_findings(run);
    apply_coverage_gates(catalogue, gates, run);
    if (baseline) {
      const reports::BaselineComparison comparison = reports::compare_with_baseline(run, *baseline);
      run.known_failures = comparison.known_failure_scenarios;
      run.coverage_regressions = reports::coverage_regressions(catalogue, run, *baseline);
      progress.baseline(comparison);
    }
    auto written = reports::write_reports(shared_.report_dir, run, catalogue, shared_.report_places);
    progress.summary(run, compute_coverage(catalogue, run));
    if (!written) return usage_error(written.error());
    fmt::print("{}", reports::reports_lines(*written));
    // The same verdict as every report: 1 on failures (not known to the baseline) or unknowns.
    return run_verdict(run).exit_status;
  }

  // The gates that can only be judged after the run: --min-sentences, and --require again (a
  // control endpoint that answered 404 during the run made its capability missing).
  static void apply_coverage_gates(const ClauseCatalogue& catalogue, const CoverageGates& gates, RunResult& run) {
    std::size_t checked = 0;
    std::vector<std::string> not_checked;
    for (const SentenceCoverage& entry : compute_sentence_coverage(catalogue, run)) {
      if (entry.coverage == Coverage::Checked || entry.coverage == Coverage::Failed) ++checked;
      else if (entry.sentence->black_box) not_checked.push_back(entry.sentence->id);
    }
    if (std::string unmet = unmet_sentence_gate(gates, checked, not_checked); !unmet.empty()) run.unmet_gates.push_back(unmet);
    for (std::string& unmet : unmet_capability_gates(gates, run.capabilities, run.missing_capabilities))
      run.unmet_gates.push_back(std::move(unmet));
  }

  // About how many requests the scenarios that can run will send.
  static std::size_t expected_requests(const std::vector<Scenario>& scenarios, const RunOptions& options) {
    std::size_t requests = 0;
    for (const Scenario& scenario : scenarios)
      if (!scenario_unrunnable(scenario, options, options.capabilities)) requests += estimated_requests(scenario, options.profile);
    return requests;
  }

  std::string default_run_id() const {
    std::string id = "rp" + sim::Rng(shared_.seed).stream("run-id").hex(6);
    // A live server keeps what earlier runs left behind; a time-based part keeps runs apart.
    if (!shared_.in_process()) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      id += fmt::format("{:x}", std::chrono::duration_cast<std::chrono::seconds>(now).count() % 0xFFFFF);
    }
    return id;
  }

  // Every option that changes what a scenario does or how it is judged (tokens as placeholders).
  std::string reproduce_prefix(const RunOptions& options) const {
    std::string out = "ringpool conform " + reproduce_arguments(shared_, profile_name(options.profile));
    if (network_) out += fmt::format(" --network {}", *network_);
    if (!advertiser_.empty()) out += " --advertiser " + advertiser_;
    if (!campaign_.empty()) out += " --campaign " + campaign_;
    if (!defect_.empty()) out += " --inject-defect " + defect_;
    return out;
  }

  CLI::App* command_ = nullptr;
  SharedOptions shared_;
  std::vector<std::string> scenario_paths_;
  std::optional<std::int64_t> network_;
  std::string advertiser_;
  std::string campaign_;
  std::string baseline_path_;
  std::string run_id_;
  std::size_t jobs_ = 1;
  std::optional<double> max_rate_;
  std::string defect_;
  bool list_defects_ = false;
  bool preflight_only_ = false;
  std::vector<std::string> required_;
  std::size_t min_sentences_ = 0;
};

}  // namespace

std::unique_ptr<Command> add_conform_command(CLI::App& app) { return std::make_unique<ConformCommand>(app); }

}  // namespace ringpool::cli
